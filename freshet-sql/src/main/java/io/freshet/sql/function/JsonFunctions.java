package io.freshet.sql.function;

import java.util.List;

final class JsonFunctions {

    private JsonFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of();
    }
}
