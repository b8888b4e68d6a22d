package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression.FunctionCall;
import io.freshet.sql.function.Functions;
import io.freshet.sql.function.ScalarFunction;
import io.freshet.sql.function.ScalarFunction.Implementation;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;

/**
 * A scalar function call: the implementation is chosen from the argument types at compile time, each argument is
 * widened to the type the implementation takes, and a null-in-null-out function is not called on a null. A
 * function that throws on a value (a bad pattern, a number out of range) gives null.
 */
final class FunctionCallCompiler {

    private FunctionCallCompiler() {
    }

    static Node compile(FunctionCall call, List<Node> args) {
        if (Functions.isAggregate(call.name())) {
            throw new SqlException(call.position(), "aggregate function " + call.name()
                    + " is not allowed here; aggregates belong in the SELECT list or HAVING of a GROUP BY query");
        }
        if (call.star()) {
            throw new SqlException(call.position(), call.name() + "(*) is not allowed; only COUNT(*) is");
        }
        ScalarFunction function = Functions.scalar(call.name(), call.position());
        List<SqlType> types = new ArrayList<>(args.size());
        args.forEach(a -> types.add(a.type()));
        Implementation impl = function.resolve(types, call.position());
        Evaluator[] evaluators = new Evaluator[args.size()];
        for (int i = 0; i < evaluators.length; i++) {
            Node a = args.get(i);
            evaluators[i] = TypeRules.widen(a.evaluator(), a.type(), impl.parameterTypes().get(i));
        }
        ScalarFunction.Body body = impl.body();
        if (impl.nullInNullOut()) {
            return Node.of(impl.returnType(), row -> {
                Object[] values = new Object[evaluators.length];
                for (int i = 0; i < values.length; i++) {
                    Object v = evaluators[i].apply(row);
                    if (v == null) {
                        return null;
                    }
                    values[i] = v;
                }
                return call(body, values);
            });
        }
        return Node.of(impl.returnType(), row -> {
            Object[] values = new Object[evaluators.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = evaluators[i].apply(row);
            }
            return call(body, values);
        });
    }

    /** A function that fails on a value gives null, as ksqlDB does, so one odd record cannot stop a query. */
    private static Object call(ScalarFunction.Body body, Object[] values) {
        try {
            return body.apply(values);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
