package dev.ballista.engine.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Type rules that keep hot arithmetic on 64-bit integers, as DuckDB does: DECIMAL(p<=18) * DECIMAL(p<=18) stays
 * DECIMAL(18, s1+s2) with overflow checked at run time instead of widening to 128 bits. SUM widens (BIGINT for
 * integers, DECIMAL(38, s) for decimals) and AVG of exact numbers is DOUBLE.
 */
final class BallistaTypeSystem extends RelDataTypeSystemImpl {
  static final BallistaTypeSystem INSTANCE = new BallistaTypeSystem();

  @Override
  public int getMaxNumericPrecision() {
    return 38;
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxNumericScale() {
    return 38;
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveDecimalMultiplyType(RelDataTypeFactory factory, RelDataType a, RelDataType b) {
    RelDataType derived = super.deriveDecimalMultiplyType(factory, a, b);
    if (derived != null && SqlTypeUtil.isDecimal(derived) && derived.getPrecision() > 18
        && precisionOf(a) <= 18 && precisionOf(b) <= 18 && derived.getScale() <= 18) {
      return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DECIMAL, 18, derived.getScale()),
          a.isNullable() || b.isNullable());
    }
    return derived;
  }

  private static int precisionOf(RelDataType t) {
    return switch (t.getSqlTypeName()) {
      case DECIMAL -> t.getPrecision();
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 19;
      default -> 38;
    };
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory factory, RelDataType argument) {
    RelDataType sum = switch (argument.getSqlTypeName()) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case DECIMAL -> factory.createSqlType(SqlTypeName.DECIMAL, 38, argument.getScale());
      case REAL, FLOAT, DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      default -> argument;
    };
    return factory.createTypeWithNullability(sum, argument.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argument) {
    return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), argument.isNullable());
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
