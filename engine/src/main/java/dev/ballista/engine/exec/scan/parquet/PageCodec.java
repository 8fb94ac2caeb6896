package dev.ballista.engine.exec.scan.parquet;

import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.format.CompressionCodec;

/** Decompresses page bodies (pure Java: aircompressor for Snappy and Zstandard, the JDK for gzip). */
final class PageCodec {
  private final CompressionCodec codec;
  private SnappyDecompressor snappy;
  private ZstdDecompressor zstd;

  PageCodec(CompressionCodec codec) {
    this.codec = codec;
  }

  boolean compressed() {
    return codec != CompressionCodec.UNCOMPRESSED;
  }

  /** Decompresses {@code in[offset..offset+length)} into {@code out[outOffset..outOffset+outLength)}. */
  void decompress(byte[] in, int offset, int length, byte[] out, int outOffset, int outLength) throws IOException {
    int written = switch (codec) {
      case SNAPPY -> (snappy == null ? snappy = new SnappyDecompressor() : snappy)
          .decompress(in, offset, length, out, outOffset, outLength);
      case ZSTD -> (zstd == null ? zstd = new ZstdDecompressor() : zstd)
          .decompress(in, offset, length, out, outOffset, outLength);
      case GZIP -> {
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(in, offset, length))) {
          yield gz.readNBytes(out, outOffset, outLength);
        }
      }
      default -> throw new IOException("unsupported codec " + codec);
    };
    if (written != outLength) {
      throw new IOException("corrupt page: " + written + " bytes after decompression, header says " + outLength);
    }
  }
}
