package io.freshet.sql.function;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiled forms of pattern text (regexes, date-time patterns) shared by every stream thread. Patterns are usually
 * literals, so a handful serve every row; a query that builds patterns per row would grow the map without end, so it
 * is cleared when full instead (cheap, and the next rows refill it). Compiling twice in a race is harmless: the
 * compiled forms are immutable and equal. A pattern that does not compile throws, as the compiler does.
 */
final class CompiledPatterns<V> {

    private static final int MAX_PATTERNS = 256;

    private final ConcurrentHashMap<String, V> compiled = new ConcurrentHashMap<>();
    private final Function<String, V> compiler;

    CompiledPatterns(Function<String, V> compiler) {
        this.compiler = compiler;
    }

    V get(String pattern) {
        V v = compiled.get(pattern);
        if (v == null) {
            if (compiled.size() >= MAX_PATTERNS) {
                compiled.clear();
            }
            v = compiler.apply(pattern);
            compiled.put(pattern, v);
        }
        return v;
    }
}
