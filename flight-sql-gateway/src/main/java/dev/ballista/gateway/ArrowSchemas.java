package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow schemas as IPC schema messages, the form both our protos and Flight SQL carry them in. */
final class ArrowSchemas {
  static final Schema EMPTY = new Schema(List.of());

  private ArrowSchemas() {}

  /** The schema in {@code bytes}; empty bytes mean a statement without columns. */
  static Schema deserialize(ByteString bytes) {
    if (bytes.isEmpty()) {
      return EMPTY;
    }
    try {
      return MessageSerializer.deserializeSchema(
          new ReadChannel(Channels.newChannel(bytes.newInput())));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Not an Arrow IPC schema message", e);
    }
  }

  static ByteString serialize(Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(out.toByteArray());
  }
}
