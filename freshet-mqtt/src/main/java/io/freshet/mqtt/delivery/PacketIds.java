package io.freshet.mqtt.delivery;

import java.util.HashSet;
import java.util.Set;

/**
 * Packet identifiers of outbound QoS 1/2 PUBLISHes: 1..65535, never one still in use (MQTT 2.2.1). Handed out in
 * turn so a freed id is not reused at once (a late acknowledgement of the old message then finds nothing).
 * Owned by the session's thread.
 *
 * <p>Design note: a set of the ids in use rather than a 65,536-bit map: an idle session holds none, and 8 KiB per
 * session would be most of an idle connection's memory budget.
 */
final class PacketIds {

    static final int MAX = 65535;

    private final Set<Integer> used = new HashSet<>();
    private int next = 1;

    int allocate() {
        if (used.size() == MAX) {
            throw new IllegalStateException("all 65535 packet identifiers are in use");
        }
        while (used.contains(next)) {
            advance();
        }
        int id = next;
        used.add(id);
        advance();
        return id;
    }

    /** Marks an id restored from the stored state as in use. */
    void reserve(int id) {
        used.add(id);
    }

    void release(int id) {
        used.remove(id);
    }

    int inUse() {
        return used.size();
    }

    private void advance() {
        next = next == MAX ? 1 : next + 1;
    }
}
