package dev.ballista.engine.plan;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.ViewDef;
import dev.ballista.engine.types.RowSchema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.schema.TranslatableTable;
import dev.ballista.engine.types.Column;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/** Presents the engine catalog to Calcite's validator: one Calcite schema per catalog schema, views included. */
final class CatalogSchemaAdapter {
  private CatalogSchemaAdapter() {}

  static void addTo(SchemaPlus root, Catalog catalog) {
    for (String schemaName : catalog.schemaNames()) {
      root.add(schemaName, new SchemaAdapter(catalog, schemaName));
    }
  }

  private static final class SchemaAdapter extends AbstractSchema {
    private final Catalog catalog;
    private final String name;

    SchemaAdapter(Catalog catalog, String name) {
      this.catalog = catalog;
      this.name = name;
    }

    @Override
    protected Map<String, Table> getTableMap() {
      Map<String, Table> tables = new HashMap<>();
      for (TableDef t : catalog.tables(name)) {
        tables.put(t.name(), new CatalogTable(t));
      }
      for (ViewDef v : catalog.views(name)) {
        tables.put(v.name(), new CatalogView(catalog, v));
      }
      return tables;
    }
  }

  /**
   * A view as Calcite sees it: its columns from validating its query now, and, when a query uses it, its query
   * planned in its place (through the planner's view expansion, with the same parser and validator settings).
   */
  static final class CatalogView extends AbstractTable implements TranslatableTable {
    private final Catalog catalog;
    private final ViewDef view;
    private RowSchema columns;

    CatalogView(Catalog catalog, ViewDef view) {
      this.catalog = catalog;
      this.view = view;
    }

    private RowSchema columns() {
      if (columns == null) {
        try {
          columns = new SqlPlanner(catalog).viewColumns(view, view.sql());
        } catch (QueryException e) {
          if (e.getMessage().startsWith("view " + view.qualifiedName() + " ")) {
            throw e; // it refers to itself: already named
          }
          // Positions would point into the view's text, not the query that uses it.
          throw new QueryException(e.code(), "view " + view.qualifiedName() + ": " + e.getMessage(), e);
        }
      }
      return columns;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
      RelDataTypeFactory.Builder builder = factory.builder();
      for (Column c : columns().columns()) {
        builder.add(c.name(), TypeMapping.toRelType(c.type(), c.nullable(), factory));
      }
      return builder.build();
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable table) {
      RelRoot root = context.expandView(table.getRowType(), view.sql(), List.of(view.defaultSchema().toLowerCase()),
          List.of(view.schemaName(), view.name()));
      return RelOptUtil.createCastRel(root.project(), table.getRowType(), true);
    }
  }

  /** A catalog table as Calcite sees it; the planner finds the definition again through {@link #definition()}. */
  static final class CatalogTable extends AbstractTable {
    private final TableDef definition;

    CatalogTable(TableDef definition) {
      this.definition = definition;
    }

    TableDef definition() {
      return definition;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory factory) {
      RelDataTypeFactory.Builder builder = factory.builder();
      for (Column c : definition.schema().columns()) {
        builder.add(c.name(), TypeMapping.toRelType(c.type(), c.nullable(), factory));
      }
      return builder.build();
    }

    @Override
    public Statistic getStatistic() {
      // A declared primary key tells the join planner which joins cannot multiply rows.
      String key = definition.options().get(TableDef.PRIMARY_KEY_OPTION);
      if (key == null || key.isBlank()) {
        return Statistics.of(definition.rowCount(), List.of());
      }
      List<Integer> columns = new java.util.ArrayList<>();
      for (String name : key.split(",")) {
        for (int i = 0; i < definition.schema().size(); i++) {
          if (definition.schema().column(i).name().equalsIgnoreCase(name.trim())) {
            columns.add(i);
          }
        }
      }
      return Statistics.of(definition.rowCount(), List.of(org.apache.calcite.util.ImmutableBitSet.of(columns)));
    }
  }
}
