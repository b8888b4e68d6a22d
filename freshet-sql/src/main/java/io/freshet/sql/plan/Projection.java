package io.freshet.sql.plan;

import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.schema.Column;
import java.util.Arrays;
import java.util.List;

/**
 * The SELECT list compiled: one expression per output column in SELECT order, and which of them form the record
 * key (in key order) and which the value. A row is evaluated once into its selection, then split.
 */
final class Projection {

    private final List<Column> selectOrder;
    private final CompiledExpression[] expressions;
    private final int[] keyIndexes;
    private final int[] valueIndexes;

    Projection(List<Column> selectOrder, List<CompiledExpression> expressions, int[] keyIndexes, int[] valueIndexes) {
        this.selectOrder = List.copyOf(selectOrder);
        this.expressions = expressions.toArray(new CompiledExpression[0]);
        this.keyIndexes = keyIndexes.clone();
        this.valueIndexes = valueIndexes.clone();
    }

    List<Column> selectOrder() {
        return selectOrder;
    }

    Object[] select(Object[] row) {
        Object[] selected = new Object[expressions.length];
        for (int i = 0; i < expressions.length; i++) {
            selected[i] = expressions[i].evaluate(row);
        }
        return selected;
    }

    Object[] key(Object[] selected) {
        return pick(selected, keyIndexes);
    }

    Object[] value(Object[] selected) {
        return pick(selected, valueIndexes);
    }

    /** The selection of a deleted key (a tombstone): the key columns, every other column null. */
    Object[] tombstone(Object[] key) {
        Object[] selected = new Object[expressions.length];
        for (int i = 0; i < keyIndexes.length && key != null && i < key.length; i++) {
            selected[keyIndexes[i]] = key[i];
        }
        return selected;
    }

    private static Object[] pick(Object[] selected, int[] indexes) {
        Object[] out = new Object[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            out[i] = selected[indexes[i]];
        }
        return out;
    }

    @Override
    public String toString() {
        return "Projection" + selectOrder + " key " + Arrays.toString(keyIndexes);
    }
}
