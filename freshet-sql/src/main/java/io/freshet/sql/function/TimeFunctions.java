package io.freshet.sql.function;

import java.util.List;

final class TimeFunctions {

    private TimeFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of();
    }
}
