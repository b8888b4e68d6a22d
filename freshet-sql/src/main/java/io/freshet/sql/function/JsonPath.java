package io.freshet.sql.function;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSONPath as EXTRACTJSONFIELD takes it: {@code $} then steps, each {@code .name}, {@code ['name']},
 * {@code ["name"]} or {@code [index]}. Steps are field names (String) or array indexes (Integer). Wildcards,
 * slices and filters are not supported: {@link #parse} throws IllegalArgumentException on them.
 */
record JsonPath(String text, List<Object> steps) {

    static JsonPath parse(String path) {
        String p = path.trim();
        if (!p.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with $: " + path);
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
                    end++;
                }
                String name = p.substring(i + 1, end);
                if (name.isEmpty() || name.equals("*")) {
                    throw new IllegalArgumentException("bad step in JSON path " + path);
                }
                steps.add(name);
                i = end;
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ in JSON path " + path);
                }
                String inside = p.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                        && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else {
                    steps.add(Integer.parseInt(inside));
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("bad JSON path " + path);
            }
        }
        return new JsonPath(path, List.copyOf(steps));
    }
}
