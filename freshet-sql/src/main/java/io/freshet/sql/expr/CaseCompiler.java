package io.freshet.sql.expr;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.schema.SqlType;
import java.util.List;

/**
 * CASE in both forms. The result type is the common type of the THEN and ELSE results (numbers widen); a CASE
 * without ELSE gives null when no WHEN matches. A WHEN whose condition is null does not match. In the
 * {@code CASE x WHEN v ...} form each v is compared to x with =, so a null x matches nothing.
 */
final class CaseCompiler {

    private CaseCompiler() {
    }

    /** A WHEN: a compiled condition (or, in the simple form, the value compared to the operand) and its result. */
    record Branch(Node when, Node then, Position position) {
    }

    static Node compile(Node operand, List<Branch> branches, Node otherwise, Position position) {
        SqlType type = otherwise == null ? null : otherwise.type();
        for (Branch b : branches) {
            SqlType next = TypeRules.common(type, b.then().type());
            if (next == null) {
                throw new SqlException(b.position(), "CASE results must share a type: "
                        + TypeRules.describe(type) + " and " + TypeRules.describe(b.then().type()));
            }
            type = next;
        }
        int n = branches.size();
        Evaluator[] conditions = new Evaluator[n];
        Evaluator[] results = new Evaluator[n];
        for (int i = 0; i < n; i++) {
            Branch b = branches.get(i);
            conditions[i] = operand == null ? condition(b) : equalsOperand(operand, b);
            results[i] = TypeRules.widen(b.then().evaluator(), b.then().type(), type);
        }
        Evaluator fallback = otherwise == null ? row -> null
                : TypeRules.widen(otherwise.evaluator(), otherwise.type(), type);
        return Node.of(type, row -> {
            for (int i = 0; i < conditions.length; i++) {
                if (Boolean.TRUE.equals(conditions[i].apply(row))) {
                    return results[i].apply(row);
                }
            }
            return fallback.apply(row);
        });
    }

    private static Evaluator condition(Branch b) {
        LogicCompiler.requireBoolean(b.when(), b.position(), "CASE WHEN");
        return b.when().evaluator();
    }

    private static Evaluator equalsOperand(Node operand, Branch b) {
        return ComparisonCompiler.compile(io.freshet.sql.ast.Expression.ComparisonOp.EQUAL, operand, b.when(),
                b.position()).evaluator();
    }
}
