package dev.ballista.engine.exec.scan.parquet;

import dev.ballista.engine.types.DataType;
import java.util.Set;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;

/**
 * A flat Parquet column this reader decodes, and how its values become the engine's storage for the column's type.
 * {@link #of} answers null for anything else (nested or repeated fields, INT96, unsigned or narrow integers,
 * timestamps, DECIMAL beyond 18 digits, booleans, encodings other than plain and dictionary, codecs other than
 * none, Snappy, Zstandard and gzip); the scan then reads that file with Arrow Dataset instead.
 */
record ParquetColumn(String name, int leaf, DataType type, Value value, int typeLength, boolean optional) {

  /** How a stored value is turned into the engine's lane. */
  enum Value {
    /** 4 bytes copied as they are: INT32 integers and dates, FLOAT. */
    FIXED4,
    /** 8 bytes copied as they are: INT64 integers and decimals, DOUBLE. */
    FIXED8,
    /** A DECIMAL stored as INT32, widened to a scaled long. */
    INT32_TO_LONG,
    /** A DECIMAL stored as a big-endian FIXED_LEN_BYTE_ARRAY, narrowed to a scaled long. */
    BIG_ENDIAN_TO_LONG,
    /** UTF-8 text stored as BYTE_ARRAY. */
    UTF8;

    /** Bytes per value in the engine's vector (0 for text). */
    int width() {
      return switch (this) {
        case FIXED4 -> 4;
        case FIXED8, INT32_TO_LONG, BIG_ENDIAN_TO_LONG -> 8;
        case UTF8 -> 0;
      };
    }
  }

  private static final Set<Encoding> ENCODINGS = Set.of(Encoding.PLAIN, Encoding.PLAIN_DICTIONARY,
      Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);
  private static final Set<CompressionCodec> CODECS = Set.of(CompressionCodec.UNCOMPRESSED,
      CompressionCodec.SNAPPY, CompressionCodec.ZSTD, CompressionCodec.GZIP);

  /** The column, or null when this reader does not decode it as {@code type}. */
  static ParquetColumn of(String name, int leaf, SchemaElement e, DataType type) {
    if (e.isSetNum_children() && e.getNum_children() > 0 || !e.isSetType()
        || e.getRepetition_type() == FieldRepetitionType.REPEATED) {
      return null;
    }
    boolean optional = e.getRepetition_type() != FieldRepetitionType.REQUIRED;
    Value value = value(e, type);
    return value == null ? null : new ParquetColumn(name, leaf, type, value, e.getType_length(), optional);
  }

  /** Whether a column chunk's codec and encodings are ones this reader decodes. */
  static boolean readable(ColumnMetaData chunk) {
    return CODECS.contains(chunk.getCodec()) && ENCODINGS.containsAll(chunk.getEncodings());
  }

  private static Value value(SchemaElement e, DataType type) {
    LogicalType logical = e.isSetLogicalType() ? e.getLogicalType() : null;
    ConvertedType converted = e.isSetConverted_type() ? e.getConverted_type() : null;
    Type physical = e.getType();
    switch (type.kind()) {
      case INTEGER:
        return physical == Type.INT32 && plainInteger(logical, converted, 32) ? Value.FIXED4 : null;
      case BIGINT:
        return physical == Type.INT64 && plainInteger(logical, converted, 64) ? Value.FIXED8 : null;
      case REAL:
        return physical == Type.FLOAT && logical == null && converted == null ? Value.FIXED4 : null;
      case DOUBLE:
        return physical == Type.DOUBLE && logical == null && converted == null ? Value.FIXED8 : null;
      case DATE:
        return physical == Type.INT32 && (converted == ConvertedType.DATE || logical != null && logical.isSetDATE())
            ? Value.FIXED4 : null;
      case VARCHAR:
        return physical == Type.BYTE_ARRAY
            && (converted == ConvertedType.UTF8 || logical != null && logical.isSetSTRING()) ? Value.UTF8 : null;
      case DECIMAL: {
        if (!type.isLongDecimal() || !decimal(e, logical, converted, type)) {
          return null;
        }
        return switch (physical) {
          case INT32 -> Value.INT32_TO_LONG;
          case INT64 -> Value.FIXED8;
          case FIXED_LEN_BYTE_ARRAY -> e.getType_length() > 0 && e.getType_length() <= 16
              ? Value.BIG_ENDIAN_TO_LONG : null;
          default -> null;
        };
      }
      default:
        return null;
    }
  }

  private static boolean plainInteger(LogicalType logical, ConvertedType converted, int bits) {
    if (logical != null) {
      return logical.isSetINTEGER() && logical.getINTEGER().getBitWidth() == bits
          && logical.getINTEGER().isIsSigned();
    }
    return converted == null || converted == (bits == 32 ? ConvertedType.INT_32 : ConvertedType.INT_64);
  }

  private static boolean decimal(SchemaElement e, LogicalType logical, ConvertedType converted, DataType type) {
    if (logical != null && logical.isSetDECIMAL()) {
      return logical.getDECIMAL().getPrecision() == type.precision() && logical.getDECIMAL().getScale() == type.scale();
    }
    return converted == ConvertedType.DECIMAL && e.getPrecision() == type.precision()
        && e.getScale() == type.scale();
  }
}
