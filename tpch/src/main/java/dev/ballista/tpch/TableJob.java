package dev.ballista.tpch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One table's work in a run: the parts still to write and the counters the worker threads advance. */
final class TableJob {
  final GeneratedTable<?> table;
  final TableDirectory directory;
  final TableMarker marker;
  final List<Integer> partsToWrite;
  final long rowsTotal;
  final AtomicLong rowsDone = new AtomicLong();
  final AtomicInteger partsLeft;

  TableJob(GeneratedTable<?> table, TableDirectory directory, TableMarker marker, List<Integer> partsToWrite) {
    this.table = table;
    this.directory = directory;
    this.marker = marker;
    this.partsToWrite = List.copyOf(partsToWrite);
    this.rowsTotal = partsToWrite.stream().mapToLong(this::expectedRows).sum();
    this.partsLeft = new AtomicInteger(partsToWrite.size());
  }

  boolean skipped() {
    return partsToWrite.isEmpty();
  }

  long expectedRows(int part) {
    return table.expectedRows(marker.scaleFactor(), part + 1, marker.files());
  }
}
