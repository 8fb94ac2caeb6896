package dev.ballista.tpch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Generates the eight TPC-H tables at a scale factor with io.trino.tpch and writes them as Parquet with Arrow
 * Dataset's native writer: {@code OUT/<table>/part-<n>.parquet}, schemas from {@link TpchSchema}.
 *
 * <p>Large tables are split into parts that generate in parallel; each part streams in batches, so memory stays
 * bounded whatever the scale factor. Reruns are cheap and safe: complete tables are skipped, interrupted ones
 * resume (finished parts stay), and a directory holding another scale factor is refused unless
 * {@link Builder#overwrite} is set.
 *
 * <p>io.trino.tpch keeps a shared 300 MB text pool on the heap, so give the JVM at least 1 GB.
 */
public final class TpchDataGenerator {
  public static final int DEFAULT_BATCH_ROWS = 64 * 1024;

  private final Path outputDir;
  private final double scaleFactor;
  private final int filesPerTable;
  private final int threads;
  private final boolean overwrite;
  private final GenerationListener listener;
  private final int batchRows;

  private TpchDataGenerator(Builder builder) {
    this.outputDir = builder.outputDir.toAbsolutePath().normalize();
    this.scaleFactor = builder.scaleFactor;
    this.filesPerTable = builder.filesPerTable;
    this.threads = builder.threads;
    this.overwrite = builder.overwrite;
    this.listener = builder.listener;
    this.batchRows = builder.batchRows;
  }

  public static Builder builder(Path outputDir, double scaleFactor) {
    return new Builder(outputDir, scaleFactor);
  }

  /** Generates what is missing; throws with a message for the user when the directory cannot be used. */
  public GenerationReport generate() throws TpchGenerationException, InterruptedException {
    long start = System.nanoTime();
    prepareOutputDir();
    List<TableJob> jobs = planJobs();
    for (TableJob job : jobs) {
      if (job.skipped()) {
        listener.tableSkipped(job.table.name());
      } else {
        listener.tableStarted(job.table.name(), job.rowsTotal);
      }
    }
    runParts(jobs);
    List<GenerationReport.TableResult> results = new ArrayList<>();
    for (TableJob job : jobs) {
      results.add(new GenerationReport.TableResult(job.table.name(), job.skipped(), job.rowsDone.get(),
          job.marker.files(), bytesOf(job)));
    }
    return new GenerationReport(outputDir, scaleFactor, results, Duration.ofNanos(System.nanoTime() - start));
  }

  private void prepareOutputDir() throws TpchGenerationException {
    try {
      Files.createDirectories(outputDir);
    } catch (FileAlreadyExistsException e) {
      throw new TpchGenerationException("output path " + outputDir + " exists and is not a directory", e);
    } catch (AccessDeniedException e) {
      throw new TpchGenerationException("cannot create output directory " + outputDir + ": permission denied", e);
    } catch (IOException e) {
      throw new TpchGenerationException("cannot create output directory " + outputDir + ": " + e, e);
    }
    if (!Files.isWritable(outputDir)) {
      throw new TpchGenerationException("output directory " + outputDir + " is not writable");
    }
  }

  /**
   * Decides per table what to do, refusing before anything is deleted when a table holds another scale factor or
   * foreign files (unless told to overwrite); then clears what must be redone and marks each table as started.
   */
  private List<TableJob> planJobs() throws TpchGenerationException {
    List<TableDirectory> directories = new ArrayList<>();
    List<TableMarker> markers = new ArrayList<>();
    List<TableDirectory.Status> statuses = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (GeneratedTable<?> table : GeneratedTables.ALL) {
      TableDirectory directory = new TableDirectory(outputDir, table.name());
      TableMarker wanted = new TableMarker(scaleFactor, table.fileCount(scaleFactor, filesPerTable));
      TableDirectory.Status status = inspect(directory, wanted);
      if (status.state() == TableDirectory.State.CONFLICT) {
        conflicts.add(table.name() + " (" + status.conflict() + ")");
      }
      directories.add(directory);
      markers.add(wanted);
      statuses.add(status);
    }
    if (!conflicts.isEmpty() && !overwrite) {
      throw new TpchGenerationException(outputDir + " already holds other data, not TPC-H at scale factor "
          + scaleFactor + ": " + String.join(", ", conflicts)
          + ". Choose another directory, or overwrite to replace these tables.");
    }
    List<TableJob> jobs = new ArrayList<>();
    for (int i = 0; i < directories.size(); i++) {
      jobs.add(prepareJob(GeneratedTables.ALL.get(i), directories.get(i), markers.get(i), statuses.get(i)));
    }
    return jobs;
  }

  private static TableDirectory.Status inspect(TableDirectory directory, TableMarker wanted)
      throws TpchGenerationException {
    try {
      return directory.status(wanted);
    } catch (IOException e) {
      throw new TpchGenerationException("cannot read " + directory.path() + ": " + e.getMessage(), e);
    }
  }

  private static TableJob prepareJob(GeneratedTable<?> table, TableDirectory directory, TableMarker wanted,
      TableDirectory.Status status) throws TpchGenerationException {
    try {
      List<Integer> allParts = IntStream.range(0, wanted.files()).boxed().toList();
      switch (status.state()) {
        case COMPLETE -> {
          return new TableJob(table, directory, status.found(), List.of());
        }
        case RESUMABLE -> {
          List<Integer> present = directory.presentParts(wanted.files());
          directory.begin(wanted);
          return new TableJob(table, directory, wanted,
              allParts.stream().filter(part -> !present.contains(part)).toList());
        }
        case STALE, CONFLICT -> directory.clear();
        case EMPTY -> { }
      }
      directory.begin(wanted);
      return new TableJob(table, directory, wanted, allParts);
    } catch (IOException e) {
      throw new TpchGenerationException("cannot prepare " + directory.path() + ": " + e.getMessage(), e);
    }
  }

  private void runParts(List<TableJob> jobs) throws TpchGenerationException, InterruptedException {
    List<PartTask> tasks = new ArrayList<>();
    for (TableJob job : jobs) {
      for (int part : job.partsToWrite) {
        tasks.add(new PartTask(job, part));
      }
    }
    // Longest first: the big parts start at once and the small ones fill the gaps at the end.
    tasks.sort(Comparator.comparingLong(PartTask::expectedRows).reversed());
    if (tasks.isEmpty()) {
      return;
    }
    // The pool closes (waiting for its workers) before the allocator, which checks that nothing leaked.
    try (BufferAllocator allocator = new RootAllocator();
         ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()),
             Thread.ofPlatform().name("tpch-generator-", 0).daemon(true).factory())) {
      try {
        CompletionService<PartTask> completion = new ExecutorCompletionService<>(pool);
        for (PartTask task : tasks) {
          completion.submit(() -> {
            task.run(allocator, batchRows, listener);
            return task;
          });
        }
        for (int i = 0; i < tasks.size(); i++) {
          finishPart(awaitNext(completion));
        }
      } finally {
        // After a failure the remaining parts stop at their next batch; a rerun resumes them.
        pool.shutdownNow();
      }
    }
  }

  private static PartTask awaitNext(CompletionService<PartTask> completion)
      throws TpchGenerationException, InterruptedException {
    try {
      return completion.take().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TpchGenerationException failure) {
        throw failure;
      }
      throw new TpchGenerationException("TPC-H generation failed: " + e.getCause(), e.getCause());
    }
  }

  private void finishPart(PartTask task) throws TpchGenerationException {
    TableJob job = task.job();
    if (job.partsLeft.decrementAndGet() > 0) {
      return;
    }
    try {
      job.directory.complete(job.marker);
    } catch (IOException e) {
      throw new TpchGenerationException("cannot mark " + job.directory.path() + " complete: " + e.getMessage(), e);
    }
    listener.tableFinished(job.table.name(), job.rowsDone.get());
  }

  private static long bytesOf(TableJob job) throws TpchGenerationException {
    try {
      return job.directory.bytes(job.marker.files());
    } catch (IOException e) {
      throw new TpchGenerationException("cannot read " + job.directory.path() + ": " + e.getMessage(), e);
    }
  }

  /** Options of a run; only the output directory and the scale factor are required. */
  public static final class Builder {
    private final Path outputDir;
    private final double scaleFactor;
    private int filesPerTable;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean overwrite;
    private GenerationListener listener = GenerationListener.NONE;
    private int batchRows = DEFAULT_BATCH_ROWS;

    private Builder(Path outputDir, double scaleFactor) {
      if (!(scaleFactor > 0) || Double.isInfinite(scaleFactor)) {
        throw new IllegalArgumentException("scale factor must be a positive number, got " + scaleFactor);
      }
      this.outputDir = outputDir;
      this.scaleFactor = scaleFactor;
    }

    /**
     * Files per large table (nation and region always get one; no table gets more files than it has driving
     * rows). Without it, large tables get enough files of about 96 MB each.
     */
    public Builder filesPerTable(int files) {
      if (files < 1) {
        throw new IllegalArgumentException("files per table must be at least 1, got " + files);
      }
      this.filesPerTable = files;
      return this;
    }

    /** Worker threads; by default one per core. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Replace tables holding another scale factor or foreign files instead of refusing. */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    public Builder listener(GenerationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Rows per Arrow batch handed to the writer. */
    public Builder batchRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("batch rows must be at least 1, got " + rows);
      }
      this.batchRows = rows;
      return this;
    }

    public TpchDataGenerator build() {
      return new TpchDataGenerator(this);
    }
  }
}
