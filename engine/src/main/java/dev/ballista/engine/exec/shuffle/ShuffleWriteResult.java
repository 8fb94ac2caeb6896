package dev.ballista.engine.exec.shuffle;

/** One file a task wrote: an output partition of its stage. */
public record ShuffleWriteResult(int outputPartition, String path, long rows, long batches, long bytes) {}
