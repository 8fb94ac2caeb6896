package dev.ballista.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ballista.proto.JobState;
import dev.ballista.proto.JobStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's REST API and web UI over HTTP. The JDK's own server: a handful of low-rate requests from operators'
 * browsers and scripts need no framework, and it adds no dependency.
 *
 * <pre>
 * GET  /api/state              version, uptime, state store (and leader), executor and job counts
 * GET  /api/executors          registered executors
 * GET  /api/jobs               recent jobs, newest first (?limit=N, default 100)
 * GET  /api/jobs/{id}          one job: stages with metrics, operators and tasks
 * POST /api/jobs/{id}/cancel   cancels a running job
 * GET  /                       the web UI (static files)
 * </pre>
 */
final class SchedulerHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerHttpServer.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String UI = "/dev/ballista/scheduler/ui/";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

  private final HttpServer server;
  private final ExecutorService threads;
  private final ExecutorRegistry executors;
  private final JobManager jobs;
  private final long startedAtMillis = System.currentTimeMillis();
  /** This scheduler's advertised address when it leads standbys through etcd; null with its state in memory. */
  private final String leaderAddress;

  SchedulerHttpServer(String host, int port, ExecutorRegistry executors, JobManager jobs, String leaderAddress)
      throws IOException {
    this.executors = executors;
    this.jobs = jobs;
    this.leaderAddress = leaderAddress;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    this.threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "scheduler-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/api/", this::api);
    server.createContext("/", this::staticFile);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      List<String> parts = List.of(path.substring("/api/".length()).split("/"));
      try {
        if (parts.equals(List.of("state"))) {
          requireMethod(method, "GET");
          json(exchange, 200, state());
        } else if (parts.equals(List.of("executors"))) {
          requireMethod(method, "GET");
          json(exchange, 200, executors());
        } else if (parts.equals(List.of("jobs"))) {
          requireMethod(method, "GET");
          json(exchange, 200, jobs(limit(exchange.getRequestURI().getRawQuery())));
        } else if (parts.size() == 2 && parts.get(0).equals("jobs")) {
          requireMethod(method, "GET");
          JobStatus status = jobs.status(parts.get(1), 0, true);
          if (status == null) {
            error(exchange, 404, "no job " + parts.get(1));
          } else {
            json(exchange, 200, JobJson.detail(status));
          }
        } else if (parts.size() == 3 && parts.get(0).equals("jobs") && parts.get(2).equals("cancel")) {
          requireMethod(method, "POST");
          JobStatus status = jobs.status(parts.get(1), 0, false);
          if (status == null) {
            error(exchange, 404, "no job " + parts.get(1));
          } else {
            boolean cancelled = jobs.cancel(parts.get(1));
            ObjectNode o = MAPPER.createObjectNode();
            o.put("cancelled", cancelled);
            o.put("state", jobs.status(parts.get(1), 0, false).getState().name());
            json(exchange, 200, o);
          }
        } else {
          error(exchange, 404, "no such endpoint: " + method + " " + path);
        }
      } catch (WrongMethod e) {
        exchange.getResponseHeaders().set("Allow", e.getMessage());
        error(exchange, 405, "use " + e.getMessage() + " for " + path);
      } catch (IllegalArgumentException e) {
        error(exchange, 400, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("HTTP {} {} failed", method, path, e);
        error(exchange, 500, "internal error: " + e);
      }
    }
  }

  private static final class WrongMethod extends RuntimeException {
    WrongMethod(String allowed) {
      super(allowed, null, false, false);
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new WrongMethod(allowed);
    }
  }

  private static int limit(String query) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("limit=")) {
          try {
            int n = Integer.parseInt(URLDecoder.decode(kv.substring(6), StandardCharsets.UTF_8));
            if (n > 0) {
              return n;
            }
          } catch (NumberFormatException e) {
            // falls through to the error below
          }
          throw new IllegalArgumentException("limit must be a positive integer");
        }
      }
    }
    return 100;
  }

  private ObjectNode state() {
    ObjectNode o = MAPPER.createObjectNode();
    String version = Scheduler.class.getPackage().getImplementationVersion();
    o.put("version", version == null ? "dev" : version);
    o.put("startedAt", startedAtMillis);
    o.put("uptimeMillis", System.currentTimeMillis() - startedAtMillis);
    o.put("stateStore", leaderAddress == null ? "memory" : "etcd");
    if (leaderAddress != null) {
      o.put("leader", leaderAddress);
    }
    List<ExecutorRegistry.Entry> all = executors.all();
    o.put("executors", all.size());
    int slots = 0;
    int free = 0;
    for (ExecutorRegistry.Entry e : all) {
      slots += e.metadata.getTaskSlots();
      free += e.draining ? 0 : e.metadata.getTaskSlots() - jobs.assignedTasks(e);
    }
    o.put("taskSlots", slots);
    o.put("freeTaskSlots", free);
    Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
    for (JobStatus job : jobs.list()) {
      counts.merge(job.getState(), 1, Integer::sum);
    }
    ObjectNode jobCounts = o.putObject("jobs");
    for (JobState s : List.of(JobState.QUEUED, JobState.RUNNING, JobState.COMPLETED, JobState.FAILED,
        JobState.CANCELLED)) {
      jobCounts.put(s.name().toLowerCase(), counts.getOrDefault(s, 0));
    }
    return o;
  }

  private ArrayNode executors() {
    ArrayNode out = MAPPER.createArrayNode();
    for (ExecutorRegistry.Entry e : executors.all()) {
      ObjectNode o = out.addObject();
      int assigned = jobs.assignedTasks(e);
      o.put("id", e.id());
      o.put("host", e.metadata.getHost());
      o.put("port", e.metadata.getPort());
      o.put("address", e.metadata.getHost() + ":" + e.metadata.getPort());
      o.put("taskSlots", e.metadata.getTaskSlots());
      o.put("freeSlots", e.metadata.getTaskSlots() - assigned);
      o.put("runningTasks", e.reportedRunningTasks);
      o.put("memoryLimitBytes", e.metadata.getMemoryLimitBytes());
      o.put("lastHeartbeat", e.lastSeenMillis);
      o.put("status", e.draining ? "DRAINING" : "ACTIVE");
    }
    return out;
  }

  private ArrayNode jobs(int limit) {
    ArrayNode out = MAPPER.createArrayNode();
    jobs.list().stream().sorted(Comparator.comparingLong(JobStatus::getSubmittedAtMillis).reversed()).limit(limit)
        .forEach(j -> out.add(JobJson.summary(j)));
    return out;
  }

  private static void error(HttpExchange exchange, int code, String message) throws IOException {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("error", message);
    json(exchange, code, o);
  }

  private static void json(HttpExchange exchange, int code, JsonNode body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, code, bytes);
  }

  private static void send(HttpExchange exchange, int code, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private void staticFile(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, new byte[0]);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String name = path.equals("/") ? "index.html" : path.substring(1);
      if (!name.matches("[a-z0-9-]+\\.(html|js|css|svg)")) {
        send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      try (InputStream in = SchedulerHttpServer.class.getResourceAsStream(UI + name)) {
        if (in == null) {
          send(exchange, 404, "not found".getBytes(StandardCharsets.UTF_8));
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        send(exchange, 200, in.readAllBytes());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
