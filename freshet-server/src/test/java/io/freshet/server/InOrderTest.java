package io.freshet.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InOrderTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }

    @Test
    void closesEveryPartInOrderSkippingNulls() {
        InOrder.close(part("http"), null, part("mqtt"), part("log"));

        assertThat(closed).containsExactly("http", "mqtt", "log");
    }

    @Test
    void aFailureStopsNothingAndTheFirstIsThrownWithTheLaterOnesSuppressed() {
        IllegalStateException first = new IllegalStateException("http");
        IOException second = new IOException("log");

        assertThatThrownBy(() -> InOrder.close(failing("http", first), part("mqtt"), failing("log", second),
            part("metrics")))
            .isSameAs(first)
            .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s).hasCause(second)));
        assertThat(closed).containsExactly("http", "mqtt", "log", "metrics");
    }

    @Test
    void afterAFailedStartWhatFailsWhileClosingIsSuppressedIntoTheStartsFailure() {
        RuntimeException startFailure = new RuntimeException("bind failed");

        InOrder.closeAfter(startFailure, failing("mqtt", new IllegalStateException("mqtt")), part("log"));

        assertThat(startFailure.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessage("mqtt"));
        assertThat(closed).containsExactly("mqtt", "log");
    }
}
