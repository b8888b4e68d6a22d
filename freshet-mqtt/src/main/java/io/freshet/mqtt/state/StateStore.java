package io.freshet.mqtt.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Durable key -> bytes state in a compacted topic ({@code __mqtt_sessions}), read whole into memory at start-up and
 * written through. Within one listener each key has one writer (the session that owns it), so puts of one key are
 * applied in call order; another listener's writes (a second gateway) are applied in log order as they are read. Reads see every put at once (before it is durable); the future of a put completes when it is fsynced.
 * Keys by convention: {@code session/CLIENT}, {@code delivery/CLIENT}, {@code qos2/CLIENT/PACKETID}.
 */
public interface StateStore {

    Optional<byte[]> get(String key);

    /** Every key starting with {@code prefix}, with its value. */
    Map<String, byte[]> withPrefix(String prefix);

    CompletableFuture<Void> put(String key, byte[] value);

    /** Writes a tombstone. */
    CompletableFuture<Void> delete(String key);

    /**
     * Tells {@code listener} of each key another writer (another MQTT listener on the same topics) changes from now
     * on, once this store's memory has the change; a null value: deleted. Called on a log thread: must not block.
     * A store nobody else writes never calls it.
     */
    default void onOtherWriter(BiConsumer<String, byte[]> listener) {
    }

    /** This store's writer id: what {@link #writerOf} answers for the keys it wrote last. */
    default String writerId() {
        return "";
    }

    /** The writer id of the last write of {@code key} (empty: unknown, or no such key). */
    default Optional<String> writerOf(String key) {
        return Optional.empty();
    }
}
