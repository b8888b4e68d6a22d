package io.freshet.bench.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * One fan-out case: {@code subscribers} SSE or WebSocket subscribers on one topic (one partition, on disk or in
 * memory) while a paced producer writes {@code rate} records/s for the warm-up and then the measured time.
 */
record FanOutCase(Transport transport, Storage storage, int subscribers, int rate, Duration warmUp,
                  Duration measured) {

    enum Transport {
        SSE("SSE"), WEBSOCKET("WebSocket");

        final String label;

        Transport(String label) {
            this.label = label;
        }
    }

    enum Storage {
        DISK("disk topic", Map.of()), MEMORY("memory topic", Map.of("freshet.storage", "memory"));

        final String label;
        final Map<String, String> topicConfigs;

        Storage(String label, Map<String, String> topicConfigs) {
            this.label = label;
            this.topicConfigs = topicConfigs;
        }
    }

    String name() {
        return String.format(Locale.ROOT, "%s, %s, %,d subscribers, %,d records/s", transport.label, storage.label,
            subscribers, rate);
    }

    String topic() {
        return String.format(Locale.ROOT, "fanout-%s-%s-%d-%d", transport.name().toLowerCase(Locale.ROOT),
            storage.name().toLowerCase(Locale.ROOT), subscribers, rate);
    }

    long warmUpRecords() {
        return rate * warmUp.toMillis() / 1000;
    }

    long measuredRecords() {
        return rate * measured.toMillis() / 1000;
    }

    long totalRecords() {
        return warmUpRecords() + measuredRecords();
    }
}
