package dev.ballista.engine;

/**
 * An error the user sees: a stable code, one message, and for SQL errors a 1-based line and column.
 * Internal failures use {@link ErrorCode#INTERNAL} and keep their cause for the logs.
 */
public class QueryException extends RuntimeException {
  private final ErrorCode code;
  private final int line;
  private final int column;

  public QueryException(ErrorCode code, String message) {
    this(code, message, 0, 0, null);
  }

  public QueryException(ErrorCode code, String message, Throwable cause) {
    this(code, message, 0, 0, cause);
  }

  public QueryException(ErrorCode code, String message, int line, int column, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.line = line;
    this.column = column;
  }

  public ErrorCode code() {
    return code;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message with its position, as a client shows it. */
  public String displayMessage() {
    return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
  }

  /** Wraps anything thrown while running a query; user errors pass through unchanged. */
  public static QueryException wrap(Throwable t) {
    if (t instanceof QueryException q) {
      return q;
    }
    if (t instanceof ArithmeticException) {
      return new QueryException(ErrorCode.ARITHMETIC_ERROR, t.getMessage(), t);
    }
    if (t instanceof OutOfMemoryError || t instanceof org.apache.arrow.memory.OutOfMemoryException) {
      return new QueryException(ErrorCode.OUT_OF_MEMORY,
          "query exceeded its memory limit: " + t.getMessage(), t);
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new QueryException(ErrorCode.INTERNAL, message, t);
  }
}
