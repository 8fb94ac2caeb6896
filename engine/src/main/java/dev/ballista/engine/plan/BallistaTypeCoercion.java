package dev.ballista.engine.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit coercions plus PostgreSQL's {@code DATE - DATE} (a number of days), which Calcite's MINUS
 * does not accept: both dates are coerced to INTEGER day numbers, and the RexTranslator turns that subtraction
 * into a DateArithmeticExpr (an explicit CAST(date AS INTEGER) is still rejected by validation).
 */
final class BallistaTypeCoercion extends TypeCoercionImpl {
  BallistaTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override
  public boolean binaryArithmeticCoercion(SqlCallBinding binding) {
    if (binding.getOperator().getKind() == SqlKind.MINUS && binding.getOperandCount() == 2
        && binding.getOperandType(0).getSqlTypeName() == SqlTypeName.DATE
        && binding.getOperandType(1).getSqlTypeName() == SqlTypeName.DATE) {
      // coerceOperandType refuses DATE to INTEGER (not a cast SQL allows), so the casts are built here.
      SqlCall call = binding.getCall();
      for (int i = 0; i < 2; i++) {
        RelDataType days = factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.INTEGER),
            binding.getOperandType(i).isNullable());
        SqlNode cast = SqlStdOperatorTable.CAST.createCall(SqlParserPos.ZERO, call.operand(i),
            SqlTypeUtil.convertTypeToSpec(days).withNullable(days.isNullable()));
        call.setOperand(i, cast);
        updateInferredType(cast, days);
      }
      return true;
    }
    return super.binaryArithmeticCoercion(binding);
  }
}
