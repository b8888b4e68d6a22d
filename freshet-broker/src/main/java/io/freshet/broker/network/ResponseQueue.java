package io.freshet.broker.network;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The responses a connection owes, in request order. Kafka clients pipeline requests (the Java producer up to
 * five) and match responses by order as well as correlation id, so a response finished early (an acks=1 produce)
 * waits behind an earlier one still in progress (an acks=all produce waiting for its fsync).
 * Owned by the connection's event loop; not thread-safe.
 */
final class ResponseQueue {

    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();

    PendingResponse add(int correlationId, short apiVersion, short headerVersion) {
        PendingResponse response = new PendingResponse(correlationId, apiVersion, headerVersion);
        pending.addLast(response);
        return response;
    }

    /** Removes and returns the completed responses at the head, in order; stops at the first incomplete one. */
    List<PendingResponse> pollReady() {
        List<PendingResponse> ready = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().isComplete()) {
            ready.add(pending.pollFirst());
        }
        return ready;
    }

    int size() {
        return pending.size();
    }
}
