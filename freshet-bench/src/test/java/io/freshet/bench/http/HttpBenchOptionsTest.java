package io.freshet.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpBenchOptionsTest {

    @Test
    void shouldRunTheIssuesCasesIntoDocsByDefault() {
        HttpBenchOptions options = HttpBenchOptions.parse();

        assertThat(options.partial()).isFalse();
        assertThat(options.reportFile().toString()).endsWith("docs/http-bench.md");
        assertThat(options.command()).isEqualTo("bench/http.sh");
        assertThat(options.fanOutCases()).extracting(FanOutCase::name).containsExactly(
            "SSE, disk topic, 1,000 subscribers, 10,000 records/s",
            "WebSocket, disk topic, 1,000 subscribers, 10,000 records/s",
            "SSE, memory topic, 1,000 subscribers, 10,000 records/s",
            "WebSocket, memory topic, 1,000 subscribers, 10,000 records/s",
            "SSE, disk topic, 1,000 subscribers, 100 records/s",
            "WebSocket, disk topic, 1,000 subscribers, 100 records/s",
            "SSE, memory topic, 1,000 subscribers, 100 records/s",
            "WebSocket, memory topic, 1,000 subscribers, 100 records/s");
        FanOutCase first = options.fanOutCases().get(0);
        assertThat(first.warmUpRecords()).isEqualTo(50_000);
        assertThat(first.measuredRecords()).isEqualTo(200_000);
    }

    @Test
    void shouldKeepAPartialRunOutOfDocs() {
        HttpBenchOptions options = HttpBenchOptions.parse("--case", "WebSocket", "--rates", "1000,100",
            "--subscribers", "10");

        assertThat(options.partial()).isTrue();
        assertThat(options.reportFile().toString()).contains("target/http-results");
        assertThat(options.command()).isEqualTo("bench/http.sh --case WebSocket --rates 1000,100 --subscribers 10");
        assertThat(options.fanOutCases()).extracting(FanOutCase::rate).containsExactly(1000, 1000, 100, 100);
        assertThat(options.runs("REST v3 streaming produce")).isFalse();
    }

    @Test
    void shouldRefuseWhatItDoesNotKnow() {
        assertThatThrownBy(() -> HttpBenchOptions.parse("--rates", "fast")).hasMessageContaining("--rates");
        assertThatThrownBy(() -> HttpBenchOptions.parse("--subscribers", "0")).hasMessageContaining("1-20000");
        assertThatThrownBy(() -> HttpBenchOptions.parse("--bogus")).hasMessageContaining("unknown argument");
        assertThat(HttpBenchOptions.parse("--quick").rates()).isEqualTo(List.of(1_000));
    }
}
