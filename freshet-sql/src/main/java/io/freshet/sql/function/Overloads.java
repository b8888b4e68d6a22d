package io.freshet.sql.function;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import io.freshet.sql.expr.TypeRules;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scalar function given as a list of signatures, tried in order (narrowest first, so ABS(INT) stays INT and
 * ABS(BIGINT) is BIGINT): the first whose parameters accept the arguments, numbers widening, wins.
 */
final class Overloads implements ScalarFunction {

    /** One signature; {@code variadic}, when not null, is the type of any further arguments. */
    record Signature(List<SqlType> params, SqlType variadic, SqlType returns, boolean nullInNullOut, Body body) {

        boolean accepts(List<SqlType> args) {
            if (args.size() < params.size() || (variadic == null && args.size() != params.size())) {
                return false;
            }
            for (int i = 0; i < args.size(); i++) {
                if (!TypeRules.widens(args.get(i), paramAt(i))) {
                    return false;
                }
            }
            return true;
        }

        SqlType paramAt(int i) {
            return i < params.size() ? params.get(i) : variadic;
        }

        String describe(String name) {
            List<String> names = new ArrayList<>();
            params.forEach(p -> names.add(p.displayName()));
            if (variadic != null) {
                names.add(variadic.displayName() + "...");
            }
            return name + "(" + String.join(", ", names) + ")";
        }
    }

    private final String name;
    private final List<Signature> signatures;

    Overloads(String name, List<Signature> signatures) {
        this.name = name;
        this.signatures = List.copyOf(signatures);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Implementation resolve(List<SqlType> argTypes, Position position) {
        for (Signature s : signatures) {
            if (s.accepts(argTypes)) {
                List<SqlType> params = new ArrayList<>(argTypes.size());
                for (int i = 0; i < argTypes.size(); i++) {
                    params.add(s.paramAt(i));
                }
                return new Implementation(s.returns(), params, s.nullInNullOut(), s.body());
            }
        }
        throw mismatch(name, argTypes, signatures.stream().map(s -> s.describe(name)).toList(), position);
    }

    static SqlException mismatch(String name, List<SqlType> argTypes, List<String> expected, Position position) {
        String given = argTypes.stream().map(t -> t == null ? "NULL" : t.displayName())
                .collect(Collectors.joining(", ", name + "(", ")"));
        return new SqlException(position, "no function " + given + "; there is " + String.join(", ", expected));
    }

    /** Builder: {@code Overloads.named("ABS").with(INTEGER, INTEGER, body)...}. */
    static Builder named(String name) {
        return new Builder(name);
    }

    static final class Builder {
        private final String name;
        private final List<Signature> signatures = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** A null-in-null-out signature: the last type is the return type, the others the parameters. */
        Builder strict(Body body, SqlType... types) {
            return add(true, null, body, types);
        }

        /** A signature whose body sees null arguments. */
        Builder lenient(Body body, SqlType... types) {
            return add(false, null, body, types);
        }

        /** A signature whose last parameter repeats ({@code CONCAT(STRING...)}); the body sees nulls. */
        Builder variadic(Body body, SqlType repeated, SqlType returns, SqlType... fixed) {
            signatures.add(new Signature(List.of(fixed), repeated, returns, false, body));
            return this;
        }

        private Builder add(boolean strict, SqlType variadic, Body body, SqlType... types) {
            List<SqlType> params = Arrays.asList(types).subList(0, types.length - 1);
            signatures.add(new Signature(List.copyOf(params), variadic, types[types.length - 1], strict, body));
            return this;
        }

        Overloads build() {
            return new Overloads(name, signatures);
        }
    }
}
