package dev.ballista.engine.exec.join;

/**
 * Join semantics; the left input is probed, the right one is built into the hash table. RIGHT_SEMI and RIGHT_ANTI
 * return the build rows that have (or lack) a match: EXISTS / NOT EXISTS with the small side built and the large
 * side streamed through it, instead of building the large side.
 */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI, RIGHT_SEMI, RIGHT_ANTI;

  boolean emitsProbeColumns() {
    return this != RIGHT_SEMI && this != RIGHT_ANTI;
  }

  boolean emitsBuildColumns() {
    return this != SEMI && this != ANTI;
  }

  boolean keepsUnmatchedProbe() {
    return this == LEFT || this == FULL;
  }

  boolean keepsUnmatchedBuild() {
    return this == RIGHT || this == FULL;
  }

  /** Whether build rows are emitted after the probe side ends (so matches must be tracked per build row). */
  boolean emitsBuildRowsAtEnd() {
    return keepsUnmatchedBuild() || this == RIGHT_SEMI || this == RIGHT_ANTI;
  }
}
