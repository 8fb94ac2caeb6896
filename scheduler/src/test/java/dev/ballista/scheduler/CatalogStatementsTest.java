package dev.ballista.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.plan.SqlPlanner;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.ExecuteQueryRequest;
import dev.ballista.proto.ExecuteQueryResponse;
import dev.ballista.proto.PrepareQueryRequest;
import dev.ballista.proto.PreparedQuery;
import dev.ballista.proto.QueryError;
import dev.ballista.proto.SchedulerServiceGrpc;
import dev.ballista.proto.StoredSchema;
import dev.ballista.proto.StoredTable;
import dev.ballista.proto.StoredView;
import dev.ballista.scheduler.state.InMemoryStateStore;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog statements through the scheduler's API: changes answer an update count and no job, prepared ones
 * say they return no rows, errors carry codes, and what they create is in the state store, so a scheduler
 * taking over the store has it too.
 */
class CatalogStatementsTest {
  @TempDir
  Path dir;

  @Test
  void ddlThroughTheSchedulerIsStoredAndRecovered() throws Exception {
    Path csv = Files.createDirectories(dir.resolve("fruit"));
    Files.writeString(csv.resolve("a.csv"), "1;apple\n2;pear\n");
    InMemoryStateStore store = new InMemoryStateStore();
    String create = "create external table shop.fruit (id bigint not null, name varchar) stored as csv location '"
        + csv + "' options (header 'false', delimiter ';')";
    RowSchema declared = new RowSchema(List.of(new Column("id", DataType.BIGINT, false),
        Column.of("name", DataType.VARCHAR)));

    Scheduler first = Scheduler.start(SchedulerConfig.defaults().withPort(-1), store, null);
    ManagedChannel channel = first.inProcessChannel();
    try {
      var client = SchedulerServiceGrpc.newBlockingStub(channel);
      assertUpdate(client.executeQuery(sql("create schema shop")));
      PreparedQuery prepared = client.prepareQuery(PrepareQueryRequest.newBuilder().setSql(create).build())
          .getPrepared();
      assertFalse(prepared.getIsQuery(), "DDL is run as an update");
      assertTrue(prepared.getResultSchema().isEmpty());
      assertTrue(first.catalog().table("shop", "fruit").isEmpty(), "preparing does not run it");
      assertUpdate(client.executeQuery(sql(create)));
      assertTrue(client.prepareQuery(PrepareQueryRequest.newBuilder().setSql("describe shop.fruit").build())
          .getPrepared().getIsQuery());

      assertError(client.executeQuery(sql(create)), "ALREADY_EXISTS", "table shop.fruit already exists", 1, 23);
      assertError(client.executeQuery(sql("drop table shop.nope")), "TABLE_NOT_FOUND",
          "table shop.nope does not exist", 1, 12);
      assertError(client.executeQuery(sql("create external table t stored as parquet location '"
          + dir.resolve("missing") + "'")), "FILE_ERROR", "location " + dir.resolve("missing") + " does not exist",
          0, 0);
      assertUpdate(client.executeQuery(sql("drop table if exists shop.nope")));
      assertError(client.executeQuery(sql("explain analyze drop table shop.fruit")), "NOT_SUPPORTED",
          "EXPLAIN ANALYZE takes a query, not a catalog statement (CREATE, DROP, SHOW, DESCRIBE)", 0, 0);
      assertTrue(first.catalog().table("shop", "fruit").isPresent(), "not dropped");

      assertUpdate(client.executeQuery(sql("create view shop.pears as select name from shop.fruit where id = 2")));
      assertUpdate(client.executeQuery(sql("create view cheap as select * from shop.fruit")));
      assertError(client.executeQuery(sql("create view shop.pears as select 1 as one")), "ALREADY_EXISTS",
          "view shop.pears already exists", 1, 13);
      assertUpdate(client.executeQuery(sql("drop view cheap")));
      var stored = store.load();
      assertEquals(List.of(StoredSchema.newBuilder().setName("shop").build()), stored.schemas());
      assertEquals(List.of(StoredView.newBuilder().setSchema("shop").setName("pears")
          .setSql("select name from shop.fruit where id = 2").setDefaultSchema("public").build()), stored.views());

      StoredTable table = store.listTables().get(0);
      assertEquals("fruit", table.getName());
      assertTrue(table.hasColumns(), "declared columns are stored");
    } finally {
      channel.shutdownNow();
      first.close();
    }

    Scheduler second = Scheduler.start(SchedulerConfig.defaults().withPort(-1), store, null);
    try {
      TableDef fruit = second.catalog().table("shop", "fruit").orElseThrow();
      assertEquals(declared, fruit.schema());
      assertTrue(fruit.columnsDeclared());
      assertEquals(";", fruit.options().get("delimiter"));
      assertEquals(List.of("public", "shop"), second.catalog().schemaNames());
      ViewDef pears = second.catalog().view("shop", "pears").orElseThrow();
      assertEquals(new RowSchema(List.of(Column.of("name", DataType.VARCHAR))),
          new SqlPlanner(second.catalog()).viewColumns(pears, pears.sql()), "the view works on the new scheduler");
    } finally {
      second.close();
    }
  }

  private static ExecuteQueryRequest sql(String sql) {
    return ExecuteQueryRequest.newBuilder().setSql(sql).build();
  }

  private static void assertUpdate(ExecuteQueryResponse response) {
    assertTrue(response.hasUpdate(), response.toString());
    assertEquals(0, response.getUpdate().getUpdateCount());
  }

  private static void assertError(ExecuteQueryResponse response, String code, String message, int line,
      int column) {
    assertTrue(response.hasError(), response.toString());
    QueryError error = response.getError();
    assertEquals(code, error.getCode());
    assertEquals(message, error.getMessage());
    assertEquals(line, error.getLine());
    assertEquals(column, error.getColumn());
  }
}
