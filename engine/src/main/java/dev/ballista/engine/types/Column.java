package dev.ballista.engine.types;

/** A named, typed column of a relation. */
public record Column(String name, DataType type, boolean nullable) {
  public static Column of(String name, DataType type) {
    return new Column(name, type, true);
  }
}
