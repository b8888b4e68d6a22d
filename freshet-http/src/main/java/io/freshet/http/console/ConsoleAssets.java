package io.freshet.http.console;

import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's page and its files, from the jar: {@code GET /} is {@code index.html}, {@code GET /console/FILE} a
 * file of the classpath folder {@value #FOLDER}. Only a plain file name of a known type is served (letters, digits,
 * {@code . _ -}, never starting with a dot): a {@code ..} (also sent as {@code %2e%2e} or with an encoded slash),
 * a sub-folder or a {@code .class} file is 404, so nothing but the console's own files leaves the jar.
 *
 * <p>{@code GET /} asking for JSON only (an {@code Accept} without {@code text/html} that names JSON) answers
 * {@code {}}, as Confluent's REST Proxy answers its root, so a liveness probe written for it keeps working.
 *
 * <p>Files are read once and kept (they cannot change inside a jar); answers are on the event loop. Every file is
 * sent with {@code Cache-Control: no-cache} and an {@code ETag} of its bytes: a browser asks again on each load and
 * gets 304 while the file is the same, and the new file after an upgrade (modules included, not only the page).
 */
public final class ConsoleAssets {

    static final String FOLDER = "io/freshet/http/console/static/";
    private static final String INDEX = "index.html";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "svg", "image/svg+xml",
        "png", "image/png",
        "json", "application/json",
        "ico", "image/x-icon");

    private final ClassLoader loader = ConsoleAssets.class.getClassLoader();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public void register(Router router) {
        router.get("/", this::page);
        router.get("/console", this::page);
        router.get("/console/{file}", exchange -> file(exchange, exchange.pathParam("file")));
    }

    private void page(HttpExchange exchange) {
        if (wantsJsonOnly(exchange.header(HttpHeaderNames.ACCEPT))) {
            exchange.respondJson(200, Map.of());
            return;
        }
        file(exchange, INDEX);
    }

    private void file(HttpExchange exchange, String name) {
        String type = contentType(name).orElseThrow(() -> notFound(name));
        byte[] bytes = read(name).orElseThrow(() -> notFound(name));
        String etag = etag(bytes);
        Map<CharSequence, String> headers = Map.of(HttpHeaderNames.CACHE_CONTROL, "no-cache",
            HttpHeaderNames.ETAG, etag);
        if (etag.equals(exchange.header(HttpHeaderNames.IF_NONE_MATCH))) {
            exchange.respond(HttpResponseStatus.NOT_MODIFIED, type, Unpooled.EMPTY_BUFFER, headers);
            return;
        }
        exchange.respond(HttpResponseStatus.OK, type, Unpooled.wrappedBuffer(bytes), headers);
    }

    /** A strong validator of a file's bytes (they never change while the process runs). */
    static String etag(byte[] bytes) {
        return "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "-" + bytes.length + "\"";
    }

    /** The type of a file the console may serve by that name; empty for any other name. */
    static Optional<String> contentType(String name) {
        if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty()
            : Optional.ofNullable(CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private Optional<byte[]> read(String name) {
        byte[] cached = files.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty(); // not kept: any name may be asked for, only real files are
            }
            byte[] bytes = in.readAllBytes();
            files.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the console's " + name + " from the jar", e);
        }
    }

    private static boolean wantsJsonOnly(String accept) {
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return !lower.contains("text/html") && (lower.contains("application/json") || lower.contains("+json"));
    }

    private static RestException notFound(String name) {
        return RestException.notFound("HTTP 404 Not Found: no console file " + name);
    }
}
