package dev.ballista.engine.serde;

import static dev.ballista.engine.serde.TypeSerde.enumFromProto;
import static dev.ballista.engine.serde.TypeSerde.enumToProto;

import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.exec.window.WindowCall;
import dev.ballista.engine.exec.window.WindowExec;
import dev.ballista.engine.exec.window.WindowFrame;
import dev.ballista.engine.exec.window.WindowFunction;
import dev.ballista.proto.SortKeyNode;
import dev.ballista.proto.WindowBoundNode;
import dev.ballista.proto.WindowCallNode;
import dev.ballista.proto.WindowExecNode;
import dev.ballista.proto.WindowFrameNode;
import java.util.ArrayList;
import java.util.List;

/** WindowExec and its calls and frames to protobuf and back. */
final class WindowSerde {
  private WindowSerde() {}

  static WindowExecNode toProto(WindowExec p) {
    WindowExecNode.Builder b = WindowExecNode.newBuilder().setInput(PlanSerde.toProto(p.input()));
    for (int k : p.partitionKeys()) {
      b.addPartitionKeys(k);
    }
    for (SortKey k : p.orderKeys()) {
      b.addOrderKeys(SortKeyNode.newBuilder()
          .setColumn(k.column())
          .setDescending(k.descending())
          .setNullsFirst(k.nullsFirst()));
    }
    for (WindowCall call : p.calls()) {
      WindowCallNode.Builder c = WindowCallNode.newBuilder()
          .setFunction(enumToProto(call.function(), WindowCallNode.Function.class))
          .setArgument(call.argument())
          .setConstant(call.constant())
          .setFrame(frame(call.frame()))
          .setType(TypeSerde.toProto(call.type()))
          .setName(call.name());
      if (call.defaultValue() != null) {
        c.setDefaultValue(ExprSerde.toProto(call.defaultValue()));
      }
      b.addCalls(c);
    }
    return b.build();
  }

  static WindowExec fromProto(WindowExecNode n) {
    int[] partitionKeys = n.getPartitionKeysList().stream().mapToInt(Integer::intValue).toArray();
    List<SortKey> orderKeys = new ArrayList<>(n.getOrderKeysCount());
    for (SortKeyNode k : n.getOrderKeysList()) {
      orderKeys.add(new SortKey(k.getColumn(), k.getDescending(), k.getNullsFirst()));
    }
    List<WindowCall> calls = new ArrayList<>(n.getCallsCount());
    for (WindowCallNode c : n.getCallsList()) {
      if (!c.hasFrame()) {
        throw new IllegalArgumentException("WindowCallNode " + c.getName() + " has no frame");
      }
      calls.add(new WindowCall(enumFromProto(c.getFunction(), WindowFunction.class), c.getArgument(),
          c.getConstant(), c.hasDefaultValue() ? ExprSerde.fromProto(c.getDefaultValue()) : null,
          frame(c.getFrame()), TypeSerde.fromProto(c.getType()), c.getName()));
    }
    return new WindowExec(PlanSerde.fromProto(n.getInput()), partitionKeys, orderKeys, calls);
  }

  private static WindowFrameNode frame(WindowFrame frame) {
    return WindowFrameNode.newBuilder()
        .setRows(frame.rows())
        .setStart(bound(frame.start()))
        .setEnd(bound(frame.end()))
        .build();
  }

  private static WindowFrame frame(WindowFrameNode n) {
    return new WindowFrame(n.getRows(), bound(n.getStart()), bound(n.getEnd()));
  }

  private static WindowBoundNode bound(WindowFrame.Bound bound) {
    return WindowBoundNode.newBuilder()
        .setKind(enumToProto(bound.kind(), WindowBoundNode.Kind.class))
        .setOffset(bound.offset())
        .build();
  }

  private static WindowFrame.Bound bound(WindowBoundNode n) {
    return new WindowFrame.Bound(enumFromProto(n.getKind(), WindowFrame.BoundKind.class), n.getOffset());
  }
}
