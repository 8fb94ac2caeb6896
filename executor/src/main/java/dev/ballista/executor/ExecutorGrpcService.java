package dev.ballista.executor;

import dev.ballista.proto.CancelTasksRequest;
import dev.ballista.proto.CancelTasksResponse;
import dev.ballista.proto.ExecutorServiceGrpc;
import dev.ballista.proto.LaunchTasksRequest;
import dev.ballista.proto.LaunchTasksResponse;
import dev.ballista.proto.RemoveJobDataRequest;
import dev.ballista.proto.RemoveJobDataResponse;
import dev.ballista.proto.TaskDefinition;
import dev.ballista.proto.TaskId;
import io.grpc.stub.StreamObserver;

/** The scheduler's handle on this executor: launch and cancel tasks, drop a finished job's files. */
final class ExecutorGrpcService extends ExecutorServiceGrpc.ExecutorServiceImplBase {
  private final TaskRunner tasks;

  ExecutorGrpcService(TaskRunner tasks) {
    this.tasks = tasks;
  }

  @Override
  public void launchTasks(LaunchTasksRequest request, StreamObserver<LaunchTasksResponse> response) {
    for (TaskDefinition task : request.getTasksList()) {
      tasks.launch(task);
    }
    response.onNext(LaunchTasksResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void cancelTasks(CancelTasksRequest request, StreamObserver<CancelTasksResponse> response) {
    if (!request.getJobId().isEmpty()) {
      tasks.cancelJob(request.getJobId(), request.hasReason() ? request.getReason() : null);
    }
    for (TaskId id : request.getTasksList()) {
      tasks.cancelTask(id);
    }
    response.onNext(CancelTasksResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void removeJobData(RemoveJobDataRequest request, StreamObserver<RemoveJobDataResponse> response) {
    tasks.removeJobData(request.getJobId(), request.hasReason() ? request.getReason() : null);
    response.onNext(RemoveJobDataResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void releaseShuffleData(dev.ballista.proto.ReleaseShuffleDataRequest request,
      StreamObserver<dev.ballista.proto.ReleaseShuffleDataResponse> response) {
    tasks.releaseShuffleData(request.getJobId());
    response.onNext(dev.ballista.proto.ReleaseShuffleDataResponse.getDefaultInstance());
    response.onCompleted();
  }
}
