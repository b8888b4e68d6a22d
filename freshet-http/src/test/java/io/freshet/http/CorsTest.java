package io.freshet.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http.cors.allowed.origins}: what a browser asks before and with a cross-origin call (preflight, then the
 * request with {@code Origin}), on the real listener with the JDK's HTTP client. A browser refuses a response
 * without {@code Access-Control-Allow-Origin} naming its page's origin; FreshetBrowserTest (freshet-it) shows it.
 */
class CorsTest {

    private static final String ALLOWED = "http://127.0.0.1:5173";
    private static final String OTHER = "http://evil.example";

    @TempDir
    Path dataDir;
    private HttpFixture http;

    @BeforeEach
    void start() {
        http = HttpFixture.start(dataDir, new HttpConfig("127.0.0.1", 0, 8 * 1024 * 1024, List.of(ALLOWED), 15_000,
            300_000));
    }

    @AfterEach
    void stop() {
        http.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithWhatItMayDo() throws Exception {
        HttpResponse<String> preflight = preflight(ALLOWED);

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
        assertThat(preflight.headers().firstValue("access-control-allow-methods").orElse(""))
            .contains("POST").contains("DELETE");
        assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase())
            .contains("content-type").contains("last-event-id");
        assertThat(preflight.headers().firstValue("access-control-max-age")).hasValue("3600");
    }

    @Test
    void aRequestFromAnAllowedOriginGetsTheHeaderEvenWhenItIsAnError() throws Exception {
        HttpResponse<String> ok = get("/v3/clusters", ALLOWED);
        HttpResponse<String> notFound = get("/v3/clusters/nope", ALLOWED);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
        assertThat(ok.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("origin"));
        assertThat(notFound.statusCode()).as("a page can read the Confluent error body").isEqualTo(404);
        assertThat(notFound.headers().firstValue("access-control-allow-origin")).hasValue(ALLOWED);
    }

    @Test
    void anotherOriginGetsNoCorsHeadersSoABrowserRefusesTheAnswer() throws Exception {
        HttpResponse<String> preflight = preflight(OTHER);
        HttpResponse<String> request = get("/v3/clusters", OTHER);

        assertThat(preflight.headers().firstValue("access-control-allow-origin")).isEmpty();
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).isEmpty();
        assertThat(request.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void withoutTheKeyNoCorsHeadersAreSent() throws Exception {
        http.close();
        http = HttpFixture.start(dataDir);

        assertThat(get("/v3/clusters", ALLOWED).headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.client().send(HttpRequest.newBuilder(URI.create(http.baseUri() + "/v3/clusters"))
            .timeout(Duration.ofSeconds(10))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String origin) throws Exception {
        return http.client().send(HttpRequest.newBuilder(URI.create(http.baseUri() + path))
            .timeout(Duration.ofSeconds(10)).header("Origin", origin).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
