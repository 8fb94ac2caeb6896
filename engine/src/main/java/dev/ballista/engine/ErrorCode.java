package dev.ballista.engine;

/** Stable error codes carried to clients; {@link #isUserError()} separates the query's fault from ours. */
public enum ErrorCode {
  SYNTAX_ERROR(true),
  TABLE_NOT_FOUND(true),
  COLUMN_NOT_FOUND(true),
  SCHEMA_NOT_FOUND(true),
  ALREADY_EXISTS(true),
  TYPE_MISMATCH(true),
  VALIDATION_ERROR(true),
  NOT_SUPPORTED(true),
  DIVISION_BY_ZERO(true),
  ARITHMETIC_ERROR(true),
  INVALID_CAST(true),
  FILE_ERROR(true),
  OUT_OF_MEMORY(true),
  CANCELLED(true),
  INTERNAL(false),
  EXECUTOR_LOST(false);

  private final boolean userError;

  ErrorCode(boolean userError) {
    this.userError = userError;
  }

  public boolean isUserError() {
    return userError;
  }
}
