package dev.ballista.tpch;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * How one Arrow column is filled from a generated TPC-H row. Money goes in as whole cents, never through a double,
 * so the DECIMAL(15,2) values are exactly the generator's.
 */
sealed interface EntityColumn<E> {
  String name();

  /** Binds to the column's vector once, so filling a row is a direct typed call. */
  RowFiller<E> bind(FieldVector vector);

  /** Writes one row's value into the bound vector at an index. */
  @FunctionalInterface
  interface RowFiller<E> {
    void fill(E row, int index);
  }

  record Int64<E>(String name, ToLongFunction<E> value) implements EntityColumn<E> {
    @Override
    public RowFiller<E> bind(FieldVector vector) {
      BigIntVector v = (BigIntVector) vector;
      return (row, i) -> v.setSafe(i, value.applyAsLong(row));
    }
  }

  record Int32<E>(String name, ToIntFunction<E> value) implements EntityColumn<E> {
    @Override
    public RowFiller<E> bind(FieldVector vector) {
      IntVector v = (IntVector) vector;
      return (row, i) -> v.setSafe(i, value.applyAsInt(row));
    }
  }

  /** A DECIMAL(15,2) column from a value in hundredths (cents, or a percentage for discount and tax). */
  record Cents<E>(String name, ToLongFunction<E> hundredths) implements EntityColumn<E> {
    @Override
    public RowFiller<E> bind(FieldVector vector) {
      DecimalVector v = (DecimalVector) vector;
      if (v.getScale() != 2) {
        throw new IllegalStateException(name + " must have scale 2, has " + v.getScale());
      }
      return (row, i) -> v.setSafe(i, hundredths.applyAsLong(row));
    }
  }

  /** A DATE column from days since 1970-01-01, which is what the generator's date getters return. */
  record EpochDay<E>(String name, ToIntFunction<E> days) implements EntityColumn<E> {
    @Override
    public RowFiller<E> bind(FieldVector vector) {
      DateDayVector v = (DateDayVector) vector;
      return (row, i) -> v.setSafe(i, days.applyAsInt(row));
    }
  }

  record Text<E>(String name, Function<E, String> value) implements EntityColumn<E> {
    @Override
    public RowFiller<E> bind(FieldVector vector) {
      VarCharVector v = (VarCharVector) vector;
      return (row, i) -> v.setSafe(i, value.apply(row).getBytes(StandardCharsets.UTF_8));
    }
  }
}
