package dev.ballista.engine.exec;

/** One output partition of one task of an earlier stage: which executor has it and where. */
public record ShuffleLocation(
    String executorId, String host, int port, String jobId, int stageId, int mapPartition, int outputPartition,
    String path) {}
