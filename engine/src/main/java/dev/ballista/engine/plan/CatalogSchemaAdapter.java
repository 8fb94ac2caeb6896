package dev.ballista.engine.plan;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
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

/** Presents the engine catalog to Calcite's validator: one Calcite schema per catalog schema. */
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
      return tables;
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
