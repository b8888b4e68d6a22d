/**
 * Expressions compiled once per query and evaluated per row.
 *
 * <pre>
 *   Expression (ast) --ExpressionCompiler.compile(expr, RowLayout)--> CompiledExpression
 *        |                    |  names -> slot indexes (RowLayout.resolve)
 *        |                    |  types  -> TypeRules (INTEGER &lt; BIGINT &lt; DOUBLE), one *Compiler per construct
 *        |                    |  calls  -> function.Functions.scalar(..).resolve(argTypes)
 *        v                    v
 *   temp &gt; 80 AND ...    Node(BOOLEAN, and(compare(slot 1, const 80.0), like(slot 0, prepared)))
 * </pre>
 *
 * Every node is immutable: a compiled expression may be shared by all stream threads of a query.
 */
package io.freshet.sql.expr;
