package io.freshet.mqtt.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable key -> bytes state in a compacted topic ({@code __mqtt_sessions}), read whole into memory at start-up and
 * written through. Each key has one writer (the session that owns it), so puts of one key are applied in call
 * order. Reads see every put at once (before it is durable); the future of a put completes when it is fsynced.
 * Keys by convention: {@code session/CLIENT}, {@code delivery/CLIENT}, {@code qos2/CLIENT/PACKETID}.
 */
public interface StateStore {

    Optional<byte[]> get(String key);

    /** Every key starting with {@code prefix}, with its value. */
    Map<String, byte[]> withPrefix(String prefix);

    CompletableFuture<Void> put(String key, byte[] value);

    /** Writes a tombstone. */
    CompletableFuture<Void> delete(String key);
}
