package io.freshet.sql.function;

import java.util.List;

final class NullFunctions {

    private NullFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of();
    }
}
