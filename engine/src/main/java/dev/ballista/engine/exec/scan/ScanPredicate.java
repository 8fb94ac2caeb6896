package dev.ballista.engine.exec.scan;

import dev.ballista.engine.expr.ComparisonExpr;

/**
 * {@code table column op value} for an integer, date or DECIMAL(p <= 18) column, handed to the Parquet reader so it
 * can skip row groups (and rows) that cannot match. The filter above the scan still decides: a predicate only
 * narrows what is read. {@code value} is in the column's lane: the integer itself, days since 1970-01-01 for a
 * date, the unscaled value at the column's scale for a decimal.
 */
public record ScanPredicate(int column, ComparisonExpr.Op op, long value) {}
