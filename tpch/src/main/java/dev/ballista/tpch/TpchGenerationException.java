package dev.ballista.tpch;

/** TPC-H data could not be generated; the message says why in terms a user can act on. */
public final class TpchGenerationException extends Exception {
  public TpchGenerationException(String message) {
    super(message);
  }

  public TpchGenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
