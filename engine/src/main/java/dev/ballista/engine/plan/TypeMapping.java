package dev.ballista.engine.plan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Calcite's SQL types and the engine's. */
public final class TypeMapping {
  private TypeMapping() {}

  public static DataType toDataType(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case BOOLEAN -> DataType.BOOLEAN;
      case TINYINT -> DataType.TINYINT;
      case SMALLINT -> DataType.SMALLINT;
      case INTEGER -> DataType.INTEGER;
      case BIGINT -> DataType.BIGINT;
      case REAL -> DataType.REAL;
      case FLOAT, DOUBLE -> DataType.DOUBLE;
      case DECIMAL -> DataType.decimal(t.getPrecision(), Math.max(0, t.getScale()));
      case CHAR, VARCHAR -> DataType.VARCHAR;
      case DATE -> DataType.DATE;
      case TIME -> DataType.TIME;
      case TIMESTAMP -> DataType.TIMESTAMP;
      case INTERVAL_YEAR, INTERVAL_YEAR_MONTH, INTERVAL_MONTH -> DataType.INTERVAL_YEAR_MONTH;
      case INTERVAL_DAY, INTERVAL_DAY_HOUR, INTERVAL_DAY_MINUTE, INTERVAL_DAY_SECOND, INTERVAL_HOUR,
           INTERVAL_HOUR_MINUTE, INTERVAL_HOUR_SECOND, INTERVAL_MINUTE, INTERVAL_MINUTE_SECOND, INTERVAL_SECOND ->
          DataType.INTERVAL_DAY_TIME;
      case NULL -> DataType.NULL;
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED, "type " + t.getSqlTypeName() + " is not supported");
    };
  }

  public static RowSchema toRowSchema(RelDataType rowType) {
    List<Column> columns = new ArrayList<>();
    for (RelDataTypeField f : rowType.getFieldList()) {
      columns.add(new Column(f.getName(), toDataType(f.getType()), f.getType().isNullable()));
    }
    return new RowSchema(columns);
  }

  public static RelDataType toRelType(DataType t, boolean nullable, RelDataTypeFactory factory) {
    RelDataType type = switch (t.kind()) {
      case NULL -> factory.createSqlType(SqlTypeName.NULL);
      case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case TINYINT -> factory.createSqlType(SqlTypeName.TINYINT);
      case SMALLINT -> factory.createSqlType(SqlTypeName.SMALLINT);
      case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case REAL -> factory.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale());
      case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
      case DATE -> factory.createSqlType(SqlTypeName.DATE);
      case TIME -> factory.createSqlType(SqlTypeName.TIME);
      case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
      case INTERVAL_DAY_TIME -> factory.createSqlIntervalType(
          new SqlIntervalQualifier(TimeUnit.DAY, TimeUnit.SECOND, SqlParserPos.ZERO));
      case INTERVAL_YEAR_MONTH -> factory.createSqlIntervalType(
          new SqlIntervalQualifier(TimeUnit.YEAR, TimeUnit.MONTH, SqlParserPos.ZERO));
    };
    return factory.createTypeWithNullability(type, nullable);
  }
}
