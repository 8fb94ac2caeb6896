package dev.ballista.engine.serde;

import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.ColumnNode;
import dev.ballista.proto.DataTypeNode;
import dev.ballista.proto.LaneValue;
import dev.ballista.proto.RowSchemaNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Types, schemas, lane values and enums to and from protobuf. */
public final class TypeSerde {
  private TypeSerde() {}

  static DataTypeNode toProto(DataType type) {
    DataTypeNode.Builder b = DataTypeNode.newBuilder().setKind(enumToProto(type.kind(), DataTypeNode.Kind.class));
    if (type.kind() == DataType.Kind.DECIMAL) {
      b.setPrecision(type.precision()).setScale(type.scale());
    }
    return b.build();
  }

  static DataType fromProto(DataTypeNode node) {
    DataType.Kind kind = enumFromProto(node.getKind(), DataType.Kind.class);
    return kind == DataType.Kind.DECIMAL ? DataType.decimal(node.getPrecision(), node.getScale()) : DataType.of(kind);
  }

  public static RowSchemaNode toProto(RowSchema schema) {
    RowSchemaNode.Builder b = RowSchemaNode.newBuilder();
    for (Column c : schema.columns()) {
      b.addColumns(ColumnNode.newBuilder().setName(c.name()).setType(toProto(c.type())).setNullable(c.nullable()));
    }
    return b.build();
  }

  public static RowSchema fromProto(RowSchemaNode node) {
    List<Column> columns = new ArrayList<>(node.getColumnsCount());
    for (ColumnNode c : node.getColumnsList()) {
      columns.add(new Column(c.getName(), fromProto(c.getType()), c.getNullable()));
    }
    return new RowSchema(columns);
  }

  /**
   * A value in its engine lane (see LiteralExpr): Long, Double, BigDecimal, String, Boolean or null. Narrower
   * boxes (Integer, Short, Byte, Float) are widened to their lane.
   */
  static LaneValue laneToProto(Object value) {
    LaneValue.Builder b = LaneValue.newBuilder();
    switch (value) {
      case null -> {}
      case Long l -> b.setLongValue(l);
      case Integer i -> b.setLongValue(i);
      case Short s -> b.setLongValue(s);
      case Byte x -> b.setLongValue(x);
      case Double d -> b.setDoubleValue(d);
      case Float f -> b.setDoubleValue(f);
      case BigDecimal d -> b.setDecimalValue(d.toString());
      case String s -> b.setStringValue(s);
      case Boolean x -> b.setBoolValue(x);
      default -> throw new IllegalArgumentException("cannot serialize a value of class " + value.getClass().getName());
    }
    return b.build();
  }

  static Object laneFromProto(LaneValue value) {
    return switch (value.getValueCase()) {
      case VALUE_NOT_SET -> null;
      case LONG_VALUE -> value.getLongValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case DECIMAL_VALUE -> new BigDecimal(value.getDecimalValue());
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
    };
  }

  /** The protobuf constant of the same name: the .proto spells each engine enum's constants as Java does. */
  static <P extends Enum<P>> P enumToProto(Enum<?> value, Class<P> protoType) {
    try {
      return Enum.valueOf(protoType, value.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + value.getDeclaringClass().getName() + "." + value.name() + ": no such "
              + protoType.getName());
    }
  }

  /** The engine constant of the same name; UNSPECIFIED and unrecognized numbers are errors. */
  static <J extends Enum<J>> J enumFromProto(Enum<?> value, Class<J> type) {
    try {
      return Enum.valueOf(type, value.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot deserialize " + value.getDeclaringClass().getName() + "." + value.name() + " as " + type.getName());
    }
  }
}
