package io.freshet.http.routing;

import io.freshet.http.error.RestException;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path like {@code /v3/clusters/{cluster_id}/topics/{topic_name}/records:stream}: literal segments and
 * {@code {name}} segments that match any one non-empty segment, percent-decoded.
 */
public final class PathTemplate {

    private final String template;
    private final List<String> segments;

    private PathTemplate(String template, List<String> segments) {
        this.template = template;
        this.segments = segments;
    }

    public static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A path template starts with '/': " + template);
        }
        return new PathTemplate(template, split(template));
    }

    /** The parameters if {@code rawPath} (still percent-encoded, without the query) matches, else empty. */
    public Optional<Map<String, String>> match(String rawPath) {
        return match(decodedSegments(rawPath));
    }

    /**
     * The parameters if a path, as {@link #decodedSegments} gives it, matches, else empty. A router splits and
     * decodes a request's path once and tries every template on the result.
     */
    public Optional<Map<String, String>> match(List<String> decoded) {
        if (decoded.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < decoded.size(); i++) {
            String pattern = segments.get(i);
            String value = decoded.get(i);
            if (isParameter(pattern)) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                params.put(pattern.substring(1, pattern.length() - 1), value);
            } else if (!pattern.equals(value)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /**
     * {@code rawPath}'s non-empty segments, each percent-decoded.
     *
     * @throws RestException 400 for a bad percent-encoding ({@code %zz}, a lone {@code %}): the client's request,
     *                       not a server error (found by HttpRequestFuzzTest)
     */
    public static List<String> decodedSegments(String rawPath) {
        try {
            return split(rawPath).stream().map(QueryStringDecoder::decodeComponent).toList();
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest("Malformed percent-encoding in the path: " + e.getMessage());
        }
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** Segments without empty ones, so {@code /topics/} and {@code /topics} are the same path. */
    private static List<String> split(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return template;
    }
}
