package dev.ballista.gateway;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import dev.ballista.proto.ResultPartition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The FlightInfo of jobs whose results are placed: one endpoint per result partition in the scheduler's
 * order, on the executor holding (or still writing) it or, in proxy mode, on the gateway itself. The job
 * ids ride in the app metadata so CancelFlightInfo knows what to cancel.
 */
final class ResultFlightInfos {
  private static final String JOB_ID_SEPARATOR = "\n";

  private final boolean proxy;

  ResultFlightInfos(boolean proxy) {
    this.proxy = proxy;
  }

  /** The combined result of {@code jobs}, all runs of one statement (one per bound parameter row). */
  FlightInfo of(List<JobStatus> jobs, FlightDescriptor descriptor) {
    Schema schema = ArrowSchemas.deserialize(jobs.get(0).getResultSchema());
    List<FlightEndpoint> endpoints = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    boolean sized = true;
    for (JobStatus job : jobs) {
      sized &= job.getState() == JobState.COMPLETED; // a running job's partitions are still growing
      for (ResultPartition partition : job.getPartitionsList()) {
        endpoints.add(proxy ? proxiedEndpoint(partition) : directEndpoint(partition));
        rows += partition.getNumRows();
        bytes += partition.getNumBytes();
      }
    }
    String jobIds = String.join(JOB_ID_SEPARATOR, jobs.stream().map(JobStatus::getJobId).toList());
    return FlightInfo.builder(schema, descriptor, endpoints)
        .setRecords(sized ? rows : -1)
        .setBytes(sized ? bytes : -1)
        .setOrdered(true)
        .setAppMetadata(jobIds.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** An answer for a statement that ran without producing rows. */
  static FlightInfo empty(FlightDescriptor descriptor) {
    return FlightInfo.builder(ArrowSchemas.EMPTY, descriptor, List.of()).build();
  }

  /** The jobs behind a FlightInfo this class made; none for any other FlightInfo. */
  static List<String> jobIds(FlightInfo info) {
    byte[] metadata = info.getAppMetadata();
    if (metadata == null || metadata.length == 0) {
      return List.of();
    }
    return Arrays.stream(new String(metadata, StandardCharsets.UTF_8).split(JOB_ID_SEPARATOR))
        .filter(id -> !id.isEmpty())
        .toList();
  }

  /** The executor partition a proxy ticket stands for. */
  static ResultPartition proxiedPartition(TicketStatementQuery ticket) {
    try {
      return ResultPartition.parseFrom(ticket.getStatementHandle());
    } catch (InvalidProtocolBufferException e) {
      throw CallStatus.INVALID_ARGUMENT.withDescription("Unknown result ticket").toRuntimeException();
    }
  }

  private static FlightEndpoint directEndpoint(ResultPartition partition) {
    // Tickets pass through untouched: only the executor that wrote them interprets them.
    return new FlightEndpoint(new Ticket(partition.getTicket().toByteArray()),
        Location.forGrpcInsecure(partition.getHost(), partition.getPort()));
  }

  private static FlightEndpoint proxiedEndpoint(ResultPartition partition) {
    // No location: clients fetch the ticket from the gateway over the connection they already have.
    TicketStatementQuery ticket = TicketStatementQuery.newBuilder()
        .setStatementHandle(partition.toByteString()).build();
    return new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()));
  }
}
