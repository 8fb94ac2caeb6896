package dev.ballista.engine.slt;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Where .slt records run: in-process or on a cluster. Errors are thrown as {@link SltEngine.Failure}. */
public interface SltEngine {
  /** Runs one SQL statement and returns its result (statements without rows return no rows). */
  Result execute(String sql);

  /** A result: the Arrow schema clients see and the rows as Arrow's Java objects. */
  record Result(Schema schema, List<List<Object>> rows) {}

  /** A query's error as a client sees it: "CODE: message". */
  final class Failure extends RuntimeException {
    public Failure(String code, String message) {
      super(code + ": " + message);
    }
  }
}
