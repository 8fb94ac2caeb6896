package dev.ballista.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.MetaImpl.MetaCatalog;
import org.apache.calcite.avatica.MetaImpl.MetaColumn;
import org.apache.calcite.avatica.MetaImpl.MetaSchema;
import org.apache.calcite.avatica.MetaImpl.MetaTable;
import org.apache.calcite.avatica.MetaImpl.MetaTableType;

/**
 * Answers DatabaseMetaData's catalog questions with Flight SQL's GetCatalogs, GetDbSchemas,
 * GetTables and GetTableTypes. Columns come from GetTables with the table schemas included; the
 * column name pattern is applied here, as Flight SQL has no such filter.
 */
final class CatalogBrowser {
  private final FlightSqlSession session;
  private final CallOption[] options;

  CatalogBrowser(FlightSqlSession session, CallOption[] options) {
    this.session = session;
    this.options = options;
  }

  List<MetaCatalog> catalogs() {
    List<MetaCatalog> rows = new ArrayList<>();
    FlightResults.forEachBatch(session, session.sql().getCatalogs(options), options, batch -> {
      for (int row = 0; row < batch.getRowCount(); row++) {
        rows.add(new MetaCatalog(FlightResults.text(batch, "catalog_name", row)));
      }
    });
    return rows;
  }

  List<MetaSchema> schemas(String catalog, String schemaPattern) {
    List<MetaSchema> rows = new ArrayList<>();
    FlightResults.forEachBatch(
        session, session.sql().getSchemas(catalog, schemaPattern, options), options, batch -> {
          for (int row = 0; row < batch.getRowCount(); row++) {
            rows.add(new MetaSchema(
                FlightResults.text(batch, "catalog_name", row),
                FlightResults.text(batch, "db_schema_name", row)));
          }
        });
    return rows;
  }

  List<MetaTableType> tableTypes() {
    List<MetaTableType> rows = new ArrayList<>();
    FlightResults.forEachBatch(session, session.sql().getTableTypes(options), options, batch -> {
      for (int row = 0; row < batch.getRowCount(); row++) {
        rows.add(new MetaTableType(FlightResults.text(batch, "table_type", row)));
      }
    });
    return rows;
  }

  List<MetaTable> tables(
      String catalog, String schemaPattern, String tablePattern, List<String> types) {
    List<MetaTable> rows = new ArrayList<>();
    FlightResults.forEachBatch(
        session,
        session.sql().getTables(catalog, schemaPattern, tablePattern, types, false, options),
        options,
        batch -> {
          for (int row = 0; row < batch.getRowCount(); row++) {
            rows.add(new MetaTable(
                FlightResults.text(batch, "catalog_name", row),
                FlightResults.text(batch, "db_schema_name", row),
                FlightResults.text(batch, "table_name", row),
                FlightResults.text(batch, "table_type", row)));
          }
        });
    return rows;
  }

  List<MetaColumn> columns(
      String catalog, String schemaPattern, String tablePattern, String columnPattern) {
    LikePattern columnNames = LikePattern.of(columnPattern);
    List<MetaColumn> rows = new ArrayList<>();
    FlightResults.forEachBatch(
        session,
        session.sql().getTables(catalog, schemaPattern, tablePattern, null, true, options),
        options,
        batch -> {
          VarBinaryVector schemas = (VarBinaryVector) batch.getVector("table_schema");
          for (int row = 0; row < batch.getRowCount(); row++) {
            String tableCatalog = FlightResults.text(batch, "catalog_name", row);
            String tableSchema = FlightResults.text(batch, "db_schema_name", row);
            String table = FlightResults.text(batch, "table_name", row);
            List<Field> fields = deserialize(schemas.get(row)).getFields();
            for (int i = 0; i < fields.size(); i++) {
              Field field = fields.get(i);
              if (columnNames.matches(field.getName())) {
                rows.add(column(tableCatalog, tableSchema, table, field, i + 1));
              }
            }
          }
        });
    return rows;
  }

  private static MetaColumn column(
      String catalog, String schema, String table, Field field, int position) {
    JdbcType type = JdbcType.of(field.getType());
    boolean numeric = switch (type.sqlType()) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.DOUBLE,
          Types.DECIMAL -> true;
      default -> false;
    };
    boolean hasDigits = numeric || type.sqlType() == Types.TIME
        || type.sqlType() == Types.TIMESTAMP;
    Boolean autoIncrement = new FlightSqlColumnMetadata(field.getMetadata()).isAutoIncrement();
    return new MetaColumn(
        catalog,
        schema,
        table,
        field.getName(),
        type.sqlType(),
        type.typeName(),
        type.precision(),
        hasDigits ? type.scale() : null,
        numeric ? 10 : null,
        field.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        type.sqlType() == Types.VARCHAR ? type.precision() : null,
        position,
        field.isNullable() ? "YES" : "NO",
        Boolean.TRUE.equals(autoIncrement) ? "YES" : "NO",
        "NO");
  }

  private static Schema deserialize(byte[] ipcSchema) {
    try {
      return MessageSerializer.deserializeSchema(
          new ReadChannel(Channels.newChannel(new ByteArrayInputStream(ipcSchema))));
    } catch (IOException e) {
      throw new IllegalStateException("The server sent a table schema that is not Arrow IPC", e);
    }
  }
}
