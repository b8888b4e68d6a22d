package io.freshet.sql.expr;

import io.freshet.sql.schema.SqlType;

/**
 * An expression ready to run on rows of one {@link RowLayout}. Evaluation follows SQL's null rules (null in, null
 * out; three-valued logic) and ksqlDB's choices on bad values: a division by zero, a failed CAST or a function
 * given a bad argument gives null rather than failing the query.
 */
public interface CompiledExpression {

    SqlType type();

    Object evaluate(Object[] row);
}
