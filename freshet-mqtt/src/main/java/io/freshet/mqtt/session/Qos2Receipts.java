package io.freshet.mqtt.session;

import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The QoS 2 PUBLISHes a session has received and its client has not released yet (PUBREL): packet id -> the result
 * of storing the first copy, so a resend is answered with that result and never appended twice. A persistent
 * session also keeps a {@link StoredReceipt} per packet id in the state store, so the answer survives a restart.
 *
 * <p>The in-memory map is owned by the session's owner thread; the state store methods may be called from any
 * thread.
 */
final class Qos2Receipts {

    private static final Logger log = LoggerFactory.getLogger(Qos2Receipts.class);

    private final String clientId;
    private final StateStore state;
    private final Map<Integer, CompletableFuture<Outcome>> pending = new HashMap<>();

    Qos2Receipts(String clientId, StateStore state) {
        this.clientId = clientId;
        this.state = state;
    }

    /** The result of the first copy of {@code packetId}, or null if none is pending in memory. */
    CompletableFuture<Outcome> pending(int packetId) {
        return pending.get(packetId);
    }

    void add(int packetId, CompletableFuture<Outcome> result) {
        pending.put(packetId, result);
    }

    /** Forgets {@code packetId} if it still stands for {@code result} (a failed store ends it). */
    void forget(int packetId, CompletableFuture<Outcome> result) {
        pending.remove(packetId, result);
    }

    CompletableFuture<Outcome> remove(int packetId) {
        return pending.remove(packetId);
    }

    /** The durable receipt of {@code packetId}, if there is one (an unreadable one counts as none). */
    Optional<StoredReceipt> stored(int packetId) {
        Optional<byte[]> bytes = state.get(StoredReceipt.key(clientId, packetId));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoredReceipt.fromBytes(bytes.get()));
        } catch (IllegalArgumentException e) {
            log.warn("Client {}: ignoring the QoS 2 receipt of packet {}: {}", clientId, packetId, e.getMessage());
            return Optional.empty();
        }
    }

    CompletableFuture<Void> store(int packetId, StoredReceipt receipt) {
        return state.put(StoredReceipt.key(clientId, packetId), receipt.toBytes());
    }

    CompletableFuture<Void> delete(int packetId) {
        return state.delete(StoredReceipt.key(clientId, packetId));
    }

    /** A session without stored state ends: its receipts go. */
    void deleteAllInMemory() {
        pending.clear();
    }

    /** The session ends: every receipt goes, from memory and from the store. */
    CompletableFuture<Void> deleteAll() {
        pending.clear();
        return deleteStored(state, clientId);
    }

    /** Deletes the stored receipts of {@code clientId} (and not those of a client whose id it is a prefix of). */
    static CompletableFuture<Void> deleteStored(StateStore state, String clientId) {
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (String key : state.withPrefix(StoredReceipt.prefix(clientId)).keySet()) {
            if (StoredReceipt.packetId(clientId, key) > 0) {
                deletes.add(state.delete(key));
            }
        }
        return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new));
    }
}
