package dev.ballista.scheduler;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.proto.QueryError;

/** Engine exceptions as the protobuf errors clients receive. */
final class Errors {
  private Errors() {}

  static QueryError toProto(Throwable t) {
    QueryException q = QueryException.wrap(t);
    return QueryError.newBuilder().setCode(q.code().name())
        .setMessage(q.getMessage() == null ? q.code().name() : q.getMessage())
        .setLine(q.line()).setColumn(q.column()).setUserError(q.code().isUserError()).build();
  }

  static QueryError of(ErrorCode code, String message) {
    return QueryError.newBuilder().setCode(code.name()).setMessage(message).setUserError(code.isUserError()).build();
  }
}
