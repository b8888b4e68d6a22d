package io.freshet.mqtt.delivery;

import io.freshet.mqtt.state.StateStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class StateWriterTest {

    /** Puts that complete when the test says so. */
    private static final class SlowStore implements StateStore {
        final List<String> written = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public Map<String, byte[]> withPrefix(String prefix) {
            return Map.of();
        }

        @Override
        public CompletableFuture<Void> put(String key, byte[] value) {
            written.add(new String(value, StandardCharsets.UTF_8));
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            written.add("<deleted>");
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
    }

    @Test
    void shouldKeepOneWriteInFlightAndWriteOnlyTheNewestOfThoseSubmittedMeanwhile() {
        SlowStore store = new SlowStore();
        List<Long> durable = new ArrayList<>();
        StateWriter writer = new StateWriter(store, "k", (version, failure) -> durable.add(version));

        CompletableFuture<Void> first = writer.submit(1, utf8("v1"));
        CompletableFuture<Void> second = writer.submit(2, utf8("v2"));
        CompletableFuture<Void> third = writer.submit(3, utf8("v3"));
        assertThat(store.written).containsExactly("v1");
        assertThat(writer.isWriting()).isTrue();

        store.pending.get(0).complete(null);
        assertThat(first).isDone();
        assertThat(writer.durableVersion()).isEqualTo(1);
        assertThat(store.written).containsExactly("v1", "v3");
        assertThat(second).isNotDone();

        store.pending.get(1).complete(null);
        assertThat(second).isDone();
        assertThat(third).isDone();
        assertThat(writer.durableVersion()).isEqualTo(3);
        assertThat(durable).containsExactly(1L, 3L);
        assertThat(writer.isWriting()).isFalse();
    }

    @Test
    void shouldNotCountAFailedWriteAsDurable() {
        SlowStore store = new SlowStore();
        StateWriter writer = new StateWriter(store, "k", (version, failure) -> { });
        CompletableFuture<Void> write = writer.submit(1, utf8("v1"));
        CompletableFuture<Void> delete = writer.submit(2, null);
        store.pending.get(0).completeExceptionally(new RuntimeException("disk full"));

        assertThat(write).isCompletedExceptionally();
        assertThat(writer.durableVersion()).isZero();
        assertThat(store.written).containsExactly("v1", "<deleted>");
        store.pending.get(1).complete(null);
        assertThat(delete).isDone();
        assertThat(writer.durableVersion()).isEqualTo(2);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
