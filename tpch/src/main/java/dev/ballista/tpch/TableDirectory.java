package dev.ballista.tpch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One table's output directory: {@code part-<n>.parquet} files, a {@code _temporary} scratch area, and markers
 * saying how far generation got. {@code _STARTED} is written before the first part, {@code _SUCCESS} after the
 * last; both name the scale factor, so a rerun can tell its own work from another scale factor's.
 */
final class TableDirectory {
  static final String SUCCESS = "_SUCCESS";
  static final String STARTED = "_STARTED";
  static final String SCRATCH = "_temporary";

  /** What a directory holds compared with what this run wants. */
  enum State {
    /** Nothing there yet. */
    EMPTY,
    /** Finished at the wanted scale factor: nothing to do. */
    COMPLETE,
    /** Begun with the wanted scale factor and file count: the finished parts can stay. */
    RESUMABLE,
    /** Ours at the wanted scale factor but not reusable (other file count, or files gone): start over. */
    STALE,
    /** Another scale factor, or files the generator did not write: only replaced when told to overwrite. */
    CONFLICT
  }

  /** The state, the marker found (if any), and for a conflict what was found there. */
  record Status(State state, TableMarker found, String conflict) {}

  private final Path dir;

  TableDirectory(Path outputDir, String table) {
    this.dir = outputDir.resolve(table);
  }

  Path path() {
    return dir;
  }

  /** Part numbers start at 0. */
  Path partFile(int part) {
    return dir.resolve("part-" + part + ".parquet");
  }

  Path scratchDir(int part) {
    return dir.resolve(SCRATCH).resolve("part-" + part);
  }

  Status status(TableMarker wanted) throws IOException {
    if (!Files.exists(dir)) {
      return new Status(State.EMPTY, null, null);
    }
    if (!Files.isDirectory(dir)) {
      return new Status(State.CONFLICT, null, "a file, not a directory");
    }
    Path success = dir.resolve(SUCCESS);
    if (Files.exists(success)) {
      TableMarker done = TableMarker.read(success);
      if (done.scaleFactor() != wanted.scaleFactor()) {
        return new Status(State.CONFLICT, done, "scale factor " + done.scaleFactor());
      }
      return presentParts(done.files()).size() == done.files()
          ? new Status(State.COMPLETE, done, null)
          : new Status(State.STALE, done, null);
    }
    Path started = dir.resolve(STARTED);
    if (Files.exists(started)) {
      TableMarker begun = TableMarker.read(started);
      if (begun.scaleFactor() != wanted.scaleFactor()) {
        return new Status(State.CONFLICT, begun, "partial data at scale factor " + begun.scaleFactor());
      }
      return new Status(begun.files() == wanted.files() ? State.RESUMABLE : State.STALE, begun, null);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty()
          ? new Status(State.EMPTY, null, null)
          : new Status(State.CONFLICT, null, "files the TPC-H generator did not write");
    }
  }

  /** The parts among {@code 0 .. files-1} whose final file exists. */
  List<Integer> presentParts(int files) {
    List<Integer> present = new ArrayList<>();
    for (int part = 0; part < files; part++) {
      if (Files.isRegularFile(partFile(part))) {
        present.add(part);
      }
    }
    return present;
  }

  void begin(TableMarker marker) throws IOException {
    Files.createDirectories(dir);
    FileTrees.writeAtomically(dir.resolve(STARTED), marker.toText());
  }

  void complete(TableMarker marker) throws IOException {
    FileTrees.writeAtomically(dir.resolve(SUCCESS), marker.toText());
    Files.deleteIfExists(dir.resolve(STARTED));
    FileTrees.deleteRecursively(dir.resolve(SCRATCH));
  }

  void clear() throws IOException {
    FileTrees.deleteRecursively(dir);
  }

  long bytes(int files) throws IOException {
    long total = 0;
    for (int part : presentParts(files)) {
      total += Files.size(partFile(part));
    }
    return total;
  }
}
