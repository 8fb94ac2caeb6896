package dev.ballista.engine.plan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.CaseExpr;
import dev.ballista.engine.expr.ConcatExpr;
import dev.ballista.engine.expr.DateArithmeticExpr;
import dev.ballista.engine.expr.DateTruncExpr;
import dev.ballista.engine.expr.DoubleFunctionExpr;
import dev.ballista.engine.expr.PositionExpr;
import dev.ballista.engine.expr.ReplaceExpr;
import dev.ballista.engine.expr.RoundExpr;
import dev.ballista.engine.expr.ExtractExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LikeExpr;
import dev.ballista.engine.expr.StringFunctionExpr;
import dev.ballista.engine.expr.SubstringExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.IsNullExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.NotExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.DataType.Kind;
import dev.ballista.engine.types.RowSchema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into physical expressions, making every implicit conversion explicit: both
 * sides of a comparison get one type, + and - see equal decimal scales, and so on. Kernels can then assume it.
 */
final class RexTranslator {
  private final RowSchema input;
  private final RexBuilder rexBuilder;
  private final List<Object> parameters;
  private final long queryStartMicros;

  /** {@code queryStartMicros}: the query's start (UTC), the one value of CURRENT_DATE and CURRENT_TIMESTAMP. */
  RexTranslator(RowSchema input, RexBuilder rexBuilder, List<Object> parameters, long queryStartMicros) {
    this.input = input;
    this.rexBuilder = rexBuilder;
    this.parameters = parameters;
    this.queryStartMicros = queryStartMicros;
  }

  PhysicalExpr translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return new ColumnExpr(ref.getIndex(), input.type(ref.getIndex()));
    }
    if (node instanceof RexLiteral literal) {
      return literal(literal);
    }
    if (node instanceof RexCall call) {
      return call(call);
    }
    if (node instanceof org.apache.calcite.rex.RexDynamicParam param) {
      return parameter(param);
    }
    throw new QueryException(ErrorCode.NOT_SUPPORTED, "expression " + node + " is not supported");
  }

  /** A bound '?' parameter: its value (a Java object from the client) as a constant of the inferred type. */
  private PhysicalExpr parameter(org.apache.calcite.rex.RexDynamicParam param) {
    int index = param.getIndex();
    if (index >= parameters.size()) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "no value bound for parameter " + (index + 1));
    }
    DataType type = TypeMapping.toDataType(param.getType());
    Object value = parameters.get(index);
    if (value == null) {
      return new LiteralExpr(type, null);
    }
    Object lane = switch (value) {
      case java.math.BigDecimal d -> d;
      case Double d -> d;
      case Float f -> (double) f;
      case Number n -> n.longValue();
      case Boolean b -> b;
      case java.time.LocalDate d -> d.toEpochDay();
      case java.time.LocalDateTime t -> t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
      default -> value.toString();
    };
    DataType source = switch (lane) {
      case java.math.BigDecimal d -> DataType.decimal(Math.max(d.precision(), d.scale() + 1), Math.max(0, d.scale()));
      case Double d -> DataType.DOUBLE;
      case Long l -> value instanceof java.time.LocalDate ? DataType.DATE
          : value instanceof java.time.LocalDateTime ? DataType.TIMESTAMP : DataType.BIGINT;
      case Boolean b -> DataType.BOOLEAN;
      default -> DataType.VARCHAR;
    };
    if (lane instanceof java.math.BigDecimal d && source.isLongDecimal()) {
      lane = d.setScale(source.scale()).unscaledValue().longValueExact();
    }
    return cast(new LiteralExpr(source, lane), type);
  }

  static LiteralExpr literal(RexLiteral literal) {
    DataType type = TypeMapping.toDataType(literal.getType());
    if (literal.isNull()) {
      return new LiteralExpr(type, null);
    }
    Object value = switch (type.kind()) {
      case BOOLEAN -> literal.getValueAs(Boolean.class);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
      case REAL, DOUBLE -> literal.getValueAs(Double.class);
      case DECIMAL -> {
        BigDecimal d = literal.getValueAs(BigDecimal.class).setScale(type.scale(), RoundingMode.HALF_UP);
        yield type.isLongDecimal() ? (Object) d.unscaledValue().longValueExact() : d;
      }
      case VARCHAR -> literal.getValueAs(NlsString.class) != null
          ? literal.getValueAs(NlsString.class).getValue() : literal.getValueAs(String.class);
      case DATE -> (long) literal.getValueAs(DateString.class).getDaysSinceEpoch();
      case TIME -> literal.getValueAs(TimeString.class).getMillisOfDay() * 1000L;
      case TIMESTAMP -> literal.getValueAs(TimestampString.class).getMillisSinceEpoch() * 1000L;
      case INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> literal.getValueAs(BigDecimal.class).longValueExact();
      case NULL -> null;
    };
    return new LiteralExpr(type, value);
  }

  private PhysicalExpr call(RexCall call) {
    DataType type = TypeMapping.toDataType(call.getType());
    List<RexNode> operands = call.getOperands();
    return switch (call.getKind()) {
      case PLUS, MINUS, TIMES, DIVIDE, MOD -> arithmetic(call, type);
      case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
          comparison(call);
      case AND, OR -> {
        List<PhysicalExpr> parts = new ArrayList<>();
        for (RexNode operand : operands) {
          parts.add(translate(operand));
        }
        yield new LogicalExpr(call.getKind() == SqlKind.AND, parts);
      }
      case NOT -> new NotExpr(translate(operands.get(0)));
      case PLUS_PREFIX -> translate(operands.get(0));
      case MINUS_PREFIX -> {
        PhysicalExpr x = translate(operands.get(0));
        if (!x.type().isNumeric()) {
          throw new QueryException(ErrorCode.NOT_SUPPORTED, "negation of " + x.type() + " is not supported yet");
        }
        LiteralExpr zero = (LiteralExpr) cast(new LiteralExpr(DataType.BIGINT, 0L), type);
        yield new ArithmeticExpr(ArithmeticExpr.Op.SUBTRACT, zero, cast(x, type), type);
      }
      case IS_NULL -> new IsNullExpr(translate(operands.get(0)), false);
      case IS_NOT_NULL -> new IsNullExpr(translate(operands.get(0)), true);
      case IS_TRUE -> isTrue(translate(operands.get(0)));
      case IS_NOT_TRUE -> new NotExpr(isTrue(translate(operands.get(0))));
      case IS_FALSE -> isTrue(new NotExpr(translate(operands.get(0))));
      case IS_NOT_FALSE -> new NotExpr(isTrue(new NotExpr(translate(operands.get(0)))));
      case CAST -> cast(translate(operands.get(0)), type);
      case SEARCH -> search(call);
      case CASE -> caseWhen(call, type);
      case LIKE -> like(call);
      case EXTRACT -> extract(call);
      case TRIM -> trim(call);
      default -> function(call, type);
    };
  }

  /**
   * A SEARCH over a set of points ({@code x IN (...)}) or its complement ({@code x NOT IN (...)}) is one
   * {@link InListExpr}, so x is evaluated once; ranges and other shapes become the comparisons Calcite expands.
   */
  private PhysicalExpr search(RexCall call) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, call);
    boolean negated = expanded.getKind() == SqlKind.AND;
    if (expanded.getKind() != SqlKind.OR && !negated) {
      return translate(expanded);
    }
    SqlKind test = negated ? SqlKind.NOT_EQUALS
        : SqlKind.EQUALS;
    RexNode subject = call.getOperands().get(0);
    List<Object> values = new ArrayList<>();
    PhysicalExpr input = translate(subject);
    for (RexNode term : ((RexCall) expanded).getOperands()) {
      if (term.getKind() != test || !((RexCall) term).getOperands().get(0).equals(subject)
          || !(((RexCall) term).getOperands().get(1) instanceof RexLiteral value) || value.isNull()
          || !(cast(literal(value), input.type()) instanceof LiteralExpr lane) || lane.isNull()) {
        return translate(expanded);
      }
      values.add(lane.value());
    }
    return InListExpr.supports(input.type()) ? new InListExpr(input, values, negated) : translate(expanded);
  }

  /** {@code x IS TRUE}: never NULL, as {@code x AND x IS NOT NULL} (NULL AND FALSE is FALSE). */
  private static PhysicalExpr isTrue(PhysicalExpr x) {
    return new LogicalExpr(true, List.of(x, new IsNullExpr(x, true)));
  }

  private PhysicalExpr function(RexCall call, DataType type) {
    List<RexNode> operands = call.getOperands();
    return switch (call.getOperator().getName().toUpperCase()) {
      case "SUBSTRING" -> new SubstringExpr(cast(translate(operands.get(0)), DataType.VARCHAR),
          cast(translate(operands.get(1)), DataType.BIGINT),
          operands.size() > 2 ? cast(translate(operands.get(2)), DataType.BIGINT) : null);
      case "UPPER" -> stringFunction(StringFunctionExpr.Function.UPPER, operands.get(0));
      case "LOWER" -> stringFunction(StringFunctionExpr.Function.LOWER, operands.get(0));
      case "CHAR_LENGTH", "CHARACTER_LENGTH" -> stringFunction(StringFunctionExpr.Function.CHAR_LENGTH, operands.get(0));
      case "||" -> new ConcatExpr(strings(operands), false);
      case "CONCAT" -> new ConcatExpr(strings(operands), true);
      case "POSITION" -> {
        if (operands.size() > 2) {
          throw new QueryException(ErrorCode.NOT_SUPPORTED, "POSITION ... FROM is not supported yet");
        }
        List<PhysicalExpr> args = strings(operands);
        yield new PositionExpr(args.get(0), args.get(1));
      }
      case "REPLACE" -> {
        List<PhysicalExpr> args = strings(operands);
        yield new ReplaceExpr(args.get(0), args.get(1), args.get(2));
      }
      case "SQRT" -> doubleFunction(DoubleFunctionExpr.Function.SQRT, operands);
      // Calcite rewrites SQRT(x) as POWER(x, 0.5); Math.sqrt is exact and names the error
      case "POWER" -> isHalf(operands.get(1)) ? doubleFunction(DoubleFunctionExpr.Function.SQRT, operands.subList(0, 1))
          : doubleFunction(DoubleFunctionExpr.Function.POWER, operands);
      case "EXP" -> doubleFunction(DoubleFunctionExpr.Function.EXP, operands);
      case "LN" -> doubleFunction(DoubleFunctionExpr.Function.LN, operands);
      case "ABS" -> abs(translate(operands.get(0)), type);
      case "ROUND" -> round(RoundExpr.Mode.ROUND, call, type);
      case "CEIL", "CEILING" -> round(RoundExpr.Mode.CEIL, call, type);
      case "FLOOR" -> round(RoundExpr.Mode.FLOOR, call, type);
      case "CURRENT_DATE" -> new LiteralExpr(DataType.DATE, Math.floorDiv(queryStartMicros, 86_400_000_000L));
      case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "NOW" -> cast(new LiteralExpr(DataType.TIMESTAMP, queryStartMicros), type);
      case "DATE_TRUNC" -> dateTrunc(call);
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "function " + call.getOperator().getName() + " is not supported yet");
    };
  }

  private List<PhysicalExpr> strings(List<RexNode> operands) {
    List<PhysicalExpr> out = new ArrayList<>();
    for (RexNode operand : operands) {
      out.add(cast(translate(operand), DataType.VARCHAR));
    }
    return out;
  }

  private static boolean isHalf(RexNode node) {
    return node instanceof RexLiteral l && !l.isNull() && l.getValueAs(BigDecimal.class) != null
        && l.getValueAs(BigDecimal.class).compareTo(new BigDecimal("0.5")) == 0;
  }

  private PhysicalExpr doubleFunction(DoubleFunctionExpr.Function function, List<RexNode> operands) {
    List<PhysicalExpr> args = new ArrayList<>();
    for (RexNode operand : operands) {
      args.add(cast(translate(operand), DataType.DOUBLE));
    }
    return new DoubleFunctionExpr(function, args);
  }

  /** ABS of an exact number as {@code CASE WHEN x < 0 THEN 0 - x ELSE x END}: negation checks overflow. */
  private PhysicalExpr abs(PhysicalExpr x, DataType type) {
    if (x.type().isFloating()) {
      return cast(new DoubleFunctionExpr(DoubleFunctionExpr.Function.ABS, List.of(cast(x, DataType.DOUBLE))), type);
    }
    x = cast(x, type);
    LiteralExpr zero = (LiteralExpr) cast(new LiteralExpr(DataType.BIGINT, 0L), type);
    return new CaseExpr(List.of(new ComparisonExpr(ComparisonExpr.Op.LT, x, zero)),
        List.of(new ArithmeticExpr(ArithmeticExpr.Op.SUBTRACT, zero, x, type)), x, type);
  }

  /** ROUND(x [, digits]), CEIL(x), FLOOR(x): computed in x's type, then cast to the result type. */
  private PhysicalExpr round(RoundExpr.Mode mode, RexCall call, DataType type) {
    List<RexNode> operands = call.getOperands();
    PhysicalExpr x = translate(operands.get(0));
    if (mode != RoundExpr.Mode.ROUND && operands.size() > 1) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, mode + "(... TO unit) is not supported yet");
    }
    if (!x.type().isNumeric()) {
      throw new QueryException(ErrorCode.TYPE_MISMATCH, mode + " needs a number, got " + x.type());
    }
    int digits = 0;
    if (operands.size() > 1) {
      if (!(operands.get(1) instanceof RexLiteral literal) || literal.isNull()) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "ROUND with digits that are not a constant is not supported yet");
      }
      digits = literal.getValueAs(BigDecimal.class).intValueExact();
    }
    return cast(new RoundExpr(mode, x, digits), type);
  }

  private PhysicalExpr stringFunction(StringFunctionExpr.Function function, RexNode operand) {
    return new StringFunctionExpr(function, cast(translate(operand), DataType.VARCHAR));
  }

  /** TRIM([BOTH|LEADING|TRAILING] ' ' FROM s): Calcite passes the side, the characters and the string. */
  private PhysicalExpr trim(RexCall call) {
    List<RexNode> operands = call.getOperands();
    String characters = operands.get(1) instanceof RexLiteral l ? l.getValueAs(String.class) : null;
    if (!" ".equals(characters)) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "TRIM of characters other than a space is not supported yet");
    }
    StringFunctionExpr.Function function = switch (((RexLiteral) operands.get(0))
        .getValueAs(org.apache.calcite.sql.fun.SqlTrimFunction.Flag.class)) {
      case BOTH -> StringFunctionExpr.Function.TRIM;
      case LEADING -> StringFunctionExpr.Function.LTRIM;
      case TRAILING -> StringFunctionExpr.Function.RTRIM;
    };
    return stringFunction(function, operands.get(2));
  }

  private PhysicalExpr caseWhen(RexCall call, DataType type) {
    List<RexNode> operands = call.getOperands();
    List<PhysicalExpr> conditions = new ArrayList<>();
    List<PhysicalExpr> values = new ArrayList<>();
    for (int i = 0; i + 1 < operands.size(); i += 2) {
      conditions.add(translate(operands.get(i)));
      values.add(cast(translate(operands.get(i + 1)), type));
    }
    PhysicalExpr otherwise = operands.size() % 2 == 1 ? cast(translate(operands.get(operands.size() - 1)), type) : null;
    return new CaseExpr(conditions, values, otherwise, type);
  }

  private PhysicalExpr like(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (!(operands.get(1) instanceof RexLiteral pattern)
        || (operands.size() > 2 && !(operands.get(2) instanceof RexLiteral))) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "LIKE with a pattern that is not a constant is not supported yet");
    }
    String escape = operands.size() > 2 ? ((RexLiteral) operands.get(2)).getValueAs(String.class) : null;
    if (escape != null && escape.length() != 1) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "the LIKE escape must be one character, got '" + escape + "'");
    }
    boolean negated = call.getOperator() instanceof org.apache.calcite.sql.fun.SqlLikeOperator op && op.isNegated();
    return new LikeExpr(cast(translate(operands.get(0)), DataType.VARCHAR), pattern.getValueAs(String.class),
        escape == null ? null : escape.charAt(0), negated);
  }

  private PhysicalExpr extract(RexCall call) {
    org.apache.calcite.avatica.util.TimeUnitRange unit =
        ((RexLiteral) call.getOperands().get(0)).getValueAs(org.apache.calcite.avatica.util.TimeUnitRange.class);
    ExtractExpr.Field field;
    try {
      field = ExtractExpr.Field.valueOf(unit.name());
    } catch (IllegalArgumentException e) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "EXTRACT(" + unit + ") is not supported yet");
    }
    PhysicalExpr input = translate(call.getOperands().get(1));
    if (input.type().kind() != Kind.DATE && input.type().kind() != Kind.TIMESTAMP) {
      throw new QueryException(ErrorCode.TYPE_MISMATCH, "EXTRACT needs a DATE or TIMESTAMP, got " + input.type());
    }
    return new ExtractExpr(field, input);
  }

  private PhysicalExpr arithmetic(RexCall call, DataType type) {
    if (isDateAsDays(call)) {
      PhysicalExpr from = translate(((RexCall) call.getOperands().get(0)).getOperands().get(0));
      PhysicalExpr to = translate(((RexCall) call.getOperands().get(1)).getOperands().get(0));
      return cast(new DateArithmeticExpr(DateArithmeticExpr.Op.DAYS_BETWEEN, from, to, false), type);
    }
    PhysicalExpr left = translate(call.getOperands().get(0));
    PhysicalExpr right = translate(call.getOperands().get(1));
    ArithmeticExpr.Op op = switch (call.getKind()) {
      case PLUS -> ArithmeticExpr.Op.ADD;
      case MINUS -> ArithmeticExpr.Op.SUBTRACT;
      case TIMES -> ArithmeticExpr.Op.MULTIPLY;
      case DIVIDE -> ArithmeticExpr.Op.DIVIDE;
      default -> ArithmeticExpr.Op.MODULO;
    };
    if (isTemporal(left.type()) || isTemporal(right.type())) {
      return dateArithmetic(call, op, left, right, type);
    }
    if (type.isFloating()) {
      return new ArithmeticExpr(op, cast(left, DataType.DOUBLE), cast(right, DataType.DOUBLE), type);
    }
    if (type.kind() != Kind.DECIMAL) {
      return new ArithmeticExpr(op, cast(left, type), cast(right, type), type);
    }
    DataType l = asDecimal(left.type());
    DataType r = asDecimal(right.type());
    switch (op) {
      case ADD, SUBTRACT, MODULO -> {
        DataType operand = type.isLongDecimal()
            ? DataType.decimal(DataType.MAX_LONG_DECIMAL_PRECISION, type.scale()) : type;
        return new ArithmeticExpr(op, cast(left, operand), cast(right, operand), type);
      }
      case MULTIPLY -> {
        int scale = l.scale() + r.scale();
        if (scale == type.scale()) {
          return new ArithmeticExpr(op, cast(left, l), cast(right, r), type);
        }
        DataType exact = DataType.decimal(Math.max(type.precision(), Math.min(38, l.precision() + r.precision())), scale);
        return cast(new ArithmeticExpr(op, cast(left, l), cast(right, r), exact), type);
      }
      default -> {
        return new ArithmeticExpr(op, cast(left, l), cast(right, r), type);
      }
    }
  }

  /** DATE - DATE reaches here as CAST(d1 AS INTEGER) - CAST(d2 AS INTEGER) (see BallistaTypeCoercion). */
  private static boolean isDateAsDays(RexCall call) {
    return call.getKind() == SqlKind.MINUS
        && call.getOperands().stream().allMatch(RexTranslator::isCastOfDate);
  }

  private static boolean isCastOfDate(RexNode node) {
    return node instanceof RexCall c && c.getKind() == SqlKind.CAST
        && c.getOperands().get(0).getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.DATE;
  }

  private PhysicalExpr dateArithmetic(RexCall call, ArithmeticExpr.Op op, PhysicalExpr left, PhysicalExpr right,
      DataType type) {
    if (op == ArithmeticExpr.Op.ADD && isInterval(left.type()) && !isInterval(right.type())) {
      PhysicalExpr swap = left;
      left = right;
      right = swap;
    }
    boolean datetime = left.type().kind() == Kind.DATE || left.type().kind() == Kind.TIMESTAMP;
    if ((op != ArithmeticExpr.Op.ADD && op != ArithmeticExpr.Op.SUBTRACT) || !datetime || !isInterval(right.type())) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "arithmetic " + left.type() + " " + call.getOperator().getName()
          + " " + right.type() + " is not supported yet");
    }
    return cast(new DateArithmeticExpr(DateArithmeticExpr.Op.ADD_INTERVAL, left, right, op == ArithmeticExpr.Op.SUBTRACT),
        type);
  }

  private static boolean isInterval(DataType t) {
    return t.kind() == Kind.INTERVAL_DAY_TIME || t.kind() == Kind.INTERVAL_YEAR_MONTH;
  }

  private PhysicalExpr dateTrunc(RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (!(operands.get(0) instanceof RexLiteral unitLiteral) || unitLiteral.isNull()) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "DATE_TRUNC with a unit that is not a constant is not supported yet");
    }
    String name = unitLiteral.getValueAs(String.class).strip().toUpperCase(java.util.Locale.ROOT);
    DateTruncExpr.Unit unit;
    try {
      unit = DateTruncExpr.Unit.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "DATE_TRUNC unit '" + name.toLowerCase(java.util.Locale.ROOT)
          + "' is not one of year, quarter, month, week, day, hour, minute, second");
    }
    PhysicalExpr input = translate(operands.get(1));
    if (input.type().kind() != Kind.DATE && input.type().kind() != Kind.TIMESTAMP) {
      throw new QueryException(ErrorCode.TYPE_MISMATCH, "DATE_TRUNC needs a DATE or TIMESTAMP, got " + input.type());
    }
    if (input.type().kind() == Kind.DATE && unit.compareTo(DateTruncExpr.Unit.DAY) > 0) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "DATE_TRUNC('" + name.toLowerCase(java.util.Locale.ROOT)
          + "') needs a TIMESTAMP, a DATE has no time of day");
    }
    return new DateTruncExpr(unit, input);
  }

  private static boolean isTemporal(DataType t) {
    return switch (t.kind()) {
      case DATE, TIME, TIMESTAMP, INTERVAL_DAY_TIME, INTERVAL_YEAR_MONTH -> true;
      default -> false;
    };
  }

  private static DataType asDecimal(DataType t) {
    return switch (t.kind()) {
      case DECIMAL -> t;
      case TINYINT -> DataType.decimal(3, 0);
      case SMALLINT -> DataType.decimal(5, 0);
      case INTEGER -> DataType.decimal(10, 0);
      case BIGINT -> DataType.decimal(18, 0);
      default -> DataType.decimal(38, 10);
    };
  }

  private PhysicalExpr comparison(RexCall call) {
    PhysicalExpr left = translate(call.getOperands().get(0));
    PhysicalExpr right = translate(call.getOperands().get(1));
    DataType common = commonType(left.type(), right.type());
    ComparisonExpr.Op op = switch (call.getKind()) {
      case EQUALS -> ComparisonExpr.Op.EQ;
      case NOT_EQUALS -> ComparisonExpr.Op.NE;
      case LESS_THAN -> ComparisonExpr.Op.LT;
      case LESS_THAN_OR_EQUAL -> ComparisonExpr.Op.LE;
      case GREATER_THAN -> ComparisonExpr.Op.GT;
      default -> ComparisonExpr.Op.GE;
    };
    return new ComparisonExpr(op, cast(left, common), cast(right, common));
  }

  /** The type both sides of a comparison are converted to. */
  static DataType commonType(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    }
    if (a.kind() == Kind.NULL) {
      return b;
    }
    if (b.kind() == Kind.NULL) {
      return a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      if (a.isFloating() || b.isFloating()) {
        return DataType.DOUBLE;
      }
      if (a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL) {
        DataType da = asDecimal(a);
        DataType db = asDecimal(b);
        int scale = Math.max(da.scale(), db.scale());
        int digits = Math.max(da.precision() - da.scale(), db.precision() - db.scale());
        return DataType.decimal(Math.min(38, digits + scale), scale);
      }
      return DataType.BIGINT;
    }
    if (a.kind() == Kind.TIMESTAMP || b.kind() == Kind.TIMESTAMP) {
      return DataType.TIMESTAMP;
    }
    if (a.kind() == Kind.DATE || b.kind() == Kind.DATE) {
      return DataType.DATE;
    }
    if (a.kind() == Kind.VARCHAR || b.kind() == Kind.VARCHAR) {
      return DataType.VARCHAR;
    }
    throw new QueryException(ErrorCode.TYPE_MISMATCH, "cannot compare " + a + " with " + b);
  }

  /** A cast, folded into the literal when the input is a constant. */
  static PhysicalExpr cast(PhysicalExpr expr, DataType type) {
    if (expr.type().equals(type)) {
      return expr;
    }
    if (expr instanceof LiteralExpr lit) {
      return foldCast(lit, type);
    }
    return new CastExpr(expr, type);
  }

  private static PhysicalExpr foldCast(LiteralExpr lit, DataType type) {
    if (lit.isNull()) {
      return new LiteralExpr(type, null);
    }
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
         var batch = new dev.ballista.engine.exec.Batch(new org.apache.arrow.vector.FieldVector[0], 1)) {
      var context = new dev.ballista.engine.exec.TaskContext(allocator, 1, null);
      try (var v = new CastExpr(lit, type).evaluate(batch, context)) {
        return new LiteralExpr(type, dev.ballista.engine.expr.ValueReader.of(v, type).get(0));
      }
    }
  }
}
