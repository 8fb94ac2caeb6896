package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement a client prepared: its SQL, schemas, and the parameter rows it last bound, each an
 * Arrow IPC stream of one row as the scheduler takes them.
 */
record PreparedStatement(
    String sql, Schema datasetSchema, Schema parameterSchema, List<ByteString> parameterRows) {

  PreparedStatement {
    parameterRows = List.copyOf(parameterRows);
  }

  PreparedStatement withParameterRows(List<ByteString> rows) {
    return new PreparedStatement(sql, datasetSchema, parameterSchema, rows);
  }
}
