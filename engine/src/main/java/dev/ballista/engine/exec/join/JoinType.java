package dev.ballista.engine.exec.join;

/** Join semantics; the left input is probed, the right one is built into the hash table. */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

  boolean emitsBuildColumns() {
    return this != SEMI && this != ANTI;
  }

  boolean keepsUnmatchedProbe() {
    return this == LEFT || this == FULL;
  }

  boolean keepsUnmatchedBuild() {
    return this == RIGHT || this == FULL;
  }
}
