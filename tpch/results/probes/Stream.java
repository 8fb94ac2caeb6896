import org.apache.arrow.flight.*;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.*;
import org.apache.arrow.vector.*;
import java.util.Locale;

/**
 * Arrow bytes per second of SELECT * FROM lineitem into a Flight SQL client (best of N). The endpoints are read
 * concurrently, one thread each, as ADBC's Flight SQL driver reads them.
 */
public class Stream {
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    int reps = Integer.parseInt(a.length > 1 ? a[1] : "3");
    try (BufferAllocator alloc = new RootAllocator();
         FlightClient fc = FlightClient.builder(alloc, Location.forGrpcInsecure("127.0.0.1", port)).build();
         FlightSqlClient sql = new FlightSqlClient(fc)) {
      for (int r = 0; r < reps; r++) {
        long start = System.nanoTime();
        FlightInfo info = sql.execute("select * from lineitem");
        java.util.List<java.util.concurrent.Future<long[]>> parts = new java.util.ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        for (FlightEndpoint e : info.getEndpoints()) {
          parts.add(pool.submit(() -> read(alloc, fc, e)));
        }
        long bytes = 0, rows = 0;
        for (java.util.concurrent.Future<long[]> f : parts) {
          long[] part = f.get();
          rows += part[0];
          bytes += part[1];
        }
        pool.shutdown();
        double sec = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "select * from lineitem: %d rows, %.2f GB Arrow in %.2f s = %.2f GB/s%n", rows, bytes / 1e9, sec, bytes / 1e9 / sec);
      }
    }
  }

  /** Rows and Arrow bytes of one endpoint. */
  static long[] read(BufferAllocator alloc, FlightClient fc, FlightEndpoint e) throws Exception {
    long bytes = 0, rows = 0;
    FlightClient target = fc;
    FlightClient other = null;
    if (!e.getLocations().isEmpty()) {
      other = FlightClient.builder(alloc, e.getLocations().get(0)).build();
      target = other;
    }
    try (FlightStream s = target.getStream(e.getTicket())) {
      while (s.next()) {
        VectorSchemaRoot root = s.getRoot();
        rows += root.getRowCount();
        for (FieldVector v : root.getFieldVectors()) bytes += v.getBufferSize();
      }
    } finally {
      if (other != null) other.close();
    }
    return new long[] {rows, bytes};
  }
}
