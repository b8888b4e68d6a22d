package io.freshet.sql.expr;

/** One step of a compiled expression: computes a value from a row. Built once per query, called once per row. */
@FunctionalInterface
public interface Evaluator {

    Object apply(Object[] row);
}
