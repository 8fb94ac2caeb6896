package dev.ballista.engine.serde;

import static dev.ballista.engine.serde.TypeSerde.enumFromProto;
import static dev.ballista.engine.serde.TypeSerde.enumToProto;

import dev.ballista.engine.expr.ConcatExpr;
import dev.ballista.engine.expr.DateArithmeticExpr;
import dev.ballista.engine.expr.DateTruncExpr;
import dev.ballista.engine.expr.DoubleFunctionExpr;
import dev.ballista.engine.expr.PositionExpr;
import dev.ballista.engine.expr.ReplaceExpr;
import dev.ballista.engine.expr.RoundExpr;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.CaseExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.ExtractExpr;
import dev.ballista.engine.expr.IsNullExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LikeExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.NotExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.StringFunctionExpr;
import dev.ballista.engine.expr.SubstringExpr;
import dev.ballista.proto.ConcatExprNode;
import dev.ballista.proto.DateArithmeticExprNode;
import dev.ballista.proto.DateTruncExprNode;
import dev.ballista.proto.DoubleFunctionExprNode;
import dev.ballista.proto.PositionExprNode;
import dev.ballista.proto.ReplaceExprNode;
import dev.ballista.proto.RoundExprNode;
import dev.ballista.proto.ArithmeticExprNode;
import dev.ballista.proto.CaseExprNode;
import dev.ballista.proto.CastExprNode;
import dev.ballista.proto.ColumnExprNode;
import dev.ballista.proto.ComparisonExprNode;
import dev.ballista.proto.ExtractExprNode;
import dev.ballista.proto.IsNullExprNode;
import dev.ballista.proto.InListExprNode;
import dev.ballista.proto.LikeExprNode;
import dev.ballista.proto.LiteralExprNode;
import dev.ballista.proto.LogicalExprNode;
import dev.ballista.proto.NotExprNode;
import dev.ballista.proto.PhysicalExprNode;
import dev.ballista.proto.StringFunctionExprNode;
import dev.ballista.proto.SubstringExprNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Physical expressions to and from protobuf. Each expression kind has one pair of methods, {@code x(Expr)} and
 * {@code x(ExprNode)}, and one arm in each of {@link #toProto} and {@link #fromProto}.
 */
final class ExprSerde {
  private ExprSerde() {}

  static PhysicalExprNode toProto(PhysicalExpr expr) {
    PhysicalExprNode.Builder b = PhysicalExprNode.newBuilder();
    switch (expr) {
      case ColumnExpr e -> b.setColumn(column(e));
      case LiteralExpr e -> b.setLiteral(literal(e));
      case ArithmeticExpr e -> b.setArithmetic(arithmetic(e));
      case ComparisonExpr e -> b.setComparison(comparison(e));
      case LogicalExpr e -> b.setLogical(logical(e));
      case NotExpr e -> b.setNot(not(e));
      case IsNullExpr e -> b.setIsNull(isNull(e));
      case CastExpr e -> b.setCast(cast(e));
      case CaseExpr e -> b.setCase(caseWhen(e));
      case LikeExpr e -> b.setLike(like(e));
      case InListExpr e -> b.setInList(InListExprNode.newBuilder().setInput(toProto(e.input()))
          .addAllValues(e.values().stream().map(TypeSerde::laneToProto).toList()).setNegated(e.negated()));
      case ExtractExpr e -> b.setExtract(extract(e));
      case SubstringExpr e -> b.setSubstring(substring(e));
      case StringFunctionExpr e -> b.setStringFunction(StringFunctionExprNode.newBuilder()
          .setFunction(enumToProto(e.function(), StringFunctionExprNode.Function.class))
          .setInput(toProto(e.input())));
      case ConcatExpr e -> b.setConcat(ConcatExprNode.newBuilder().addAllInputs(toProto(e.inputs()))
          .setSkipNulls(e.skipNulls()));
      case PositionExpr e -> b.setPosition(PositionExprNode.newBuilder().setNeedle(toProto(e.needle()))
          .setHaystack(toProto(e.haystack())));
      case ReplaceExpr e -> b.setReplace(ReplaceExprNode.newBuilder().setInput(toProto(e.input()))
          .setSearch(toProto(e.search())).setReplacement(toProto(e.replacement())));
      case DoubleFunctionExpr e -> b.setDoubleFunction(DoubleFunctionExprNode.newBuilder()
          .setFunction(enumToProto(e.function(), DoubleFunctionExprNode.Function.class))
          .addAllArguments(toProto(e.arguments())));
      case RoundExpr e -> b.setRound(RoundExprNode.newBuilder()
          .setMode(enumToProto(e.mode(), RoundExprNode.Mode.class))
          .setInput(toProto(e.input())).setDigits(e.digits()));
      case DateArithmeticExpr e -> b.setDateArithmetic(DateArithmeticExprNode.newBuilder()
          .setOp(enumToProto(e.op(), DateArithmeticExprNode.Op.class))
          .setLeft(toProto(e.left())).setRight(toProto(e.right())).setNegate(e.negate()));
      case DateTruncExpr e -> b.setDateTrunc(DateTruncExprNode.newBuilder()
          .setUnit(enumToProto(e.unit(), DateTruncExprNode.Unit.class)).setInput(toProto(e.input())));
      case null -> throw new IllegalArgumentException("cannot serialize a null expression");
      default -> throw new IllegalArgumentException("cannot serialize expression " + expr.getClass().getName());
    }
    return b.build();
  }

  static PhysicalExpr fromProto(PhysicalExprNode node) {
    return switch (node.getExprCase()) {
      case COLUMN -> column(node.getColumn());
      case LITERAL -> literal(node.getLiteral());
      case ARITHMETIC -> arithmetic(node.getArithmetic());
      case COMPARISON -> comparison(node.getComparison());
      case LOGICAL -> logical(node.getLogical());
      case NOT -> not(node.getNot());
      case IS_NULL -> isNull(node.getIsNull());
      case CAST -> cast(node.getCast());
      case CASE -> caseWhen(node.getCase());
      case LIKE -> like(node.getLike());
      case IN_LIST -> new InListExpr(fromProto(node.getInList().getInput()),
          node.getInList().getValuesList().stream().map(TypeSerde::laneFromProto).toList(),
          node.getInList().getNegated());
      case EXTRACT -> extract(node.getExtract());
      case SUBSTRING -> substring(node.getSubstring());
      case STRING_FUNCTION -> new StringFunctionExpr(
          enumFromProto(node.getStringFunction().getFunction(), StringFunctionExpr.Function.class),
          fromProto(node.getStringFunction().getInput()));
      case CONCAT -> new ConcatExpr(fromProto(node.getConcat().getInputsList()), node.getConcat().getSkipNulls());
      case POSITION -> new PositionExpr(fromProto(node.getPosition().getNeedle()),
          fromProto(node.getPosition().getHaystack()));
      case REPLACE -> new ReplaceExpr(fromProto(node.getReplace().getInput()), fromProto(node.getReplace().getSearch()),
          fromProto(node.getReplace().getReplacement()));
      case DOUBLE_FUNCTION -> new DoubleFunctionExpr(
          enumFromProto(node.getDoubleFunction().getFunction(), DoubleFunctionExpr.Function.class),
          fromProto(node.getDoubleFunction().getArgumentsList()));
      case ROUND -> new RoundExpr(enumFromProto(node.getRound().getMode(), RoundExpr.Mode.class),
          fromProto(node.getRound().getInput()), node.getRound().getDigits());
      case DATE_ARITHMETIC -> new DateArithmeticExpr(
          enumFromProto(node.getDateArithmetic().getOp(), DateArithmeticExpr.Op.class),
          fromProto(node.getDateArithmetic().getLeft()), fromProto(node.getDateArithmetic().getRight()),
          node.getDateArithmetic().getNegate());
      case DATE_TRUNC -> new DateTruncExpr(enumFromProto(node.getDateTrunc().getUnit(), DateTruncExpr.Unit.class),
          fromProto(node.getDateTrunc().getInput()));
      case EXPR_NOT_SET -> throw new IllegalArgumentException(
          "PhysicalExprNode has no expression set (written by a newer version?)");
    };
  }

  static List<PhysicalExprNode> toProto(List<PhysicalExpr> exprs) {
    List<PhysicalExprNode> out = new ArrayList<>(exprs.size());
    for (PhysicalExpr e : exprs) {
      out.add(toProto(e));
    }
    return out;
  }

  static List<PhysicalExpr> fromProto(List<PhysicalExprNode> nodes) {
    List<PhysicalExpr> out = new ArrayList<>(nodes.size());
    for (PhysicalExprNode n : nodes) {
      out.add(fromProto(n));
    }
    return out;
  }

  private static ColumnExprNode column(ColumnExpr e) {
    return ColumnExprNode.newBuilder().setIndex(e.index()).setType(TypeSerde.toProto(e.type())).build();
  }

  private static PhysicalExpr column(ColumnExprNode n) {
    return new ColumnExpr(n.getIndex(), TypeSerde.fromProto(n.getType()));
  }

  private static LiteralExprNode literal(LiteralExpr e) {
    return LiteralExprNode.newBuilder()
        .setType(TypeSerde.toProto(e.type()))
        .setValue(TypeSerde.laneToProto(e.value()))
        .build();
  }

  private static PhysicalExpr literal(LiteralExprNode n) {
    return new LiteralExpr(TypeSerde.fromProto(n.getType()), TypeSerde.laneFromProto(n.getValue()));
  }

  private static ArithmeticExprNode arithmetic(ArithmeticExpr e) {
    return ArithmeticExprNode.newBuilder()
        .setOp(enumToProto(e.op(), ArithmeticExprNode.Op.class))
        .setLeft(toProto(e.left()))
        .setRight(toProto(e.right()))
        .setType(TypeSerde.toProto(e.type()))
        .build();
  }

  private static PhysicalExpr arithmetic(ArithmeticExprNode n) {
    return new ArithmeticExpr(enumFromProto(n.getOp(), ArithmeticExpr.Op.class), fromProto(n.getLeft()),
        fromProto(n.getRight()), TypeSerde.fromProto(n.getType()));
  }

  private static ComparisonExprNode comparison(ComparisonExpr e) {
    return ComparisonExprNode.newBuilder()
        .setOp(enumToProto(e.op(), ComparisonExprNode.Op.class))
        .setLeft(toProto(e.left()))
        .setRight(toProto(e.right()))
        .build();
  }

  private static PhysicalExpr comparison(ComparisonExprNode n) {
    return new ComparisonExpr(enumFromProto(n.getOp(), ComparisonExpr.Op.class), fromProto(n.getLeft()),
        fromProto(n.getRight()));
  }

  private static LogicalExprNode logical(LogicalExpr e) {
    return LogicalExprNode.newBuilder().setIsAnd(e.isAnd()).addAllOperands(toProto(e.operands())).build();
  }

  private static PhysicalExpr logical(LogicalExprNode n) {
    return new LogicalExpr(n.getIsAnd(), fromProto(n.getOperandsList()));
  }

  private static NotExprNode not(NotExpr e) {
    return NotExprNode.newBuilder().setInput(toProto(e.input())).build();
  }

  private static PhysicalExpr not(NotExprNode n) {
    return new NotExpr(fromProto(n.getInput()));
  }

  private static IsNullExprNode isNull(IsNullExpr e) {
    return IsNullExprNode.newBuilder().setInput(toProto(e.input())).setNegated(e.negated()).build();
  }

  private static PhysicalExpr isNull(IsNullExprNode n) {
    return new IsNullExpr(fromProto(n.getInput()), n.getNegated());
  }

  private static CastExprNode cast(CastExpr e) {
    return CastExprNode.newBuilder().setInput(toProto(e.input())).setType(TypeSerde.toProto(e.type())).build();
  }

  private static PhysicalExpr cast(CastExprNode n) {
    return new CastExpr(fromProto(n.getInput()), TypeSerde.fromProto(n.getType()));
  }

  private static CaseExprNode caseWhen(CaseExpr e) {
    CaseExprNode.Builder b = CaseExprNode.newBuilder()
        .addAllConditions(toProto(e.conditions()))
        .addAllValues(toProto(e.values()))
        .setType(TypeSerde.toProto(e.type()));
    if (e.otherwise() != null) {
      b.setOtherwise(toProto(e.otherwise()));
    }
    return b.build();
  }

  private static PhysicalExpr caseWhen(CaseExprNode n) {
    if (n.getConditionsCount() != n.getValuesCount()) {
      throw new IllegalArgumentException("CaseExprNode has " + n.getConditionsCount() + " conditions but "
          + n.getValuesCount() + " values");
    }
    return new CaseExpr(fromProto(n.getConditionsList()), fromProto(n.getValuesList()),
        n.hasOtherwise() ? fromProto(n.getOtherwise()) : null, TypeSerde.fromProto(n.getType()));
  }

  private static LikeExprNode like(LikeExpr e) {
    LikeExprNode.Builder b = LikeExprNode.newBuilder()
        .setInput(toProto(e.input()))
        .setPattern(e.pattern())
        .setNegated(e.negated());
    if (e.escape() != null) {
      b.setEscape(e.escape().toString());
    }
    return b.build();
  }

  private static PhysicalExpr like(LikeExprNode n) {
    Character escape = null;
    if (n.hasEscape()) {
      if (n.getEscape().length() != 1) {
        throw new IllegalArgumentException("LIKE escape must be one character, got '" + n.getEscape() + "'");
      }
      escape = n.getEscape().charAt(0);
    }
    return new LikeExpr(fromProto(n.getInput()), n.getPattern(), escape, n.getNegated());
  }

  private static ExtractExprNode extract(ExtractExpr e) {
    return ExtractExprNode.newBuilder()
        .setField(enumToProto(e.field(), ExtractExprNode.Field.class))
        .setInput(toProto(e.input()))
        .build();
  }

  private static PhysicalExpr extract(ExtractExprNode n) {
    return new ExtractExpr(enumFromProto(n.getField(), ExtractExpr.Field.class), fromProto(n.getInput()));
  }

  private static SubstringExprNode substring(SubstringExpr e) {
    SubstringExprNode.Builder b = SubstringExprNode.newBuilder()
        .setInput(toProto(e.input()))
        .setStart(toProto(e.start()));
    if (e.length() != null) {
      b.setLength(toProto(e.length()));
    }
    return b.build();
  }

  private static PhysicalExpr substring(SubstringExprNode n) {
    return new SubstringExpr(fromProto(n.getInput()), fromProto(n.getStart()),
        n.hasLength() ? fromProto(n.getLength()) : null);
  }
}
