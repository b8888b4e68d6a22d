package io.freshet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code GET /metrics}, parsed by the Prometheus project's own text-format parser (Debian's
 * python3-prometheus-client, {@code text_string_to_metric_families}, run by /usr/bin/python3), so a test checks what
 * Prometheus would read, not what a hand-written parser guesses.
 */
final class PrometheusScrape {

    /** One sample: its full name ({@code _total}, {@code _bucket}, {@code _count} included), labels and value. */
    record Sample(String family, String type, String name, Map<String, String> labels, double value) {
    }

    private static final String PYTHON = "/usr/bin/python3";
    private static final String PARSER = String.join("\n",
        "import sys, json",
        "from prometheus_client.parser import text_string_to_metric_families",
        "for family in text_string_to_metric_families(sys.stdin.read()):",
        "    for s in family.samples:",
        "        print(json.dumps({'family': family.name, 'type': family.type, 'name': s.name,",
        "                          'labels': s.labels, 'value': s.value}))");
    /** Python writes a NaN gauge (a JVM pool without a maximum) as the bare word NaN. */
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    final int status;
    final String contentType;
    final List<Sample> samples;

    private PrometheusScrape(int status, String contentType, List<Sample> samples) {
        this.status = status;
        this.contentType = contentType;
        this.samples = samples;
    }

    /** Whether the parser can run here (scripts/install-test-deps.sh installs it). */
    static Optional<String> missing() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.empty()
                : Optional.of("python3-prometheus-client for " + PYTHON);
        } catch (IOException | InterruptedException e) {
            return Optional.of("python3-prometheus-client for " + PYTHON + " (" + e + ")");
        }
    }

    static PrometheusScrape of(String httpUri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(httpUri + "/metrics")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("content-type").orElse("");
        if (response.statusCode() != 200) {
            return new PrometheusScrape(response.statusCode(), type, List.of());
        }
        return new PrometheusScrape(200, type, parse(response.body()));
    }

    static List<Sample> parse(String text) throws IOException, InterruptedException {
        Process parser = new ProcessBuilder(PYTHON, "-c", PARSER).redirectErrorStream(false).start();
        try (OutputStream in = parser.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(parser.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!parser.waitFor(60, TimeUnit.SECONDS) || parser.exitValue() != 0) {
            throw new IllegalStateException("The Prometheus parser refused the scrape: " + err);
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            Map<String, String> labels = new LinkedHashMap<>();
            node.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(node.get("family").asText(), node.get("type").asText(), node.get("name").asText(),
                labels, node.get("value").asDouble()));
        }
        return samples;
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels} (key, value, ...). */
    Optional<Double> value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() > 1) {
            throw new IllegalStateException(found.size() + " samples match " + name + " " + List.of(labels));
        }
        return found.stream().findFirst().map(Sample::value);
    }

    List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labels)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The family's Prometheus type ({@code counter}, {@code gauge}, {@code histogram}, ...). */
    Optional<String> type(String family) {
        return samples.stream().filter(s -> s.family().equals(family)).map(Sample::type).findFirst();
    }

    private static boolean hasLabels(Sample sample, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
