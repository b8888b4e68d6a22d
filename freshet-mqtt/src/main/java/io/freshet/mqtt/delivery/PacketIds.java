package io.freshet.mqtt.delivery;

import java.util.BitSet;

/**
 * Packet identifiers of outbound QoS 1/2 PUBLISHes: 1..65535, never one still in use (MQTT 2.2.1). Handed out in
 * turn so a freed id is not reused at once (a late acknowledgement of the old message then finds nothing).
 * Owned by the session's thread.
 */
final class PacketIds {

    static final int MAX = 65535;

    private final BitSet used = new BitSet(MAX + 1);
    private int next = 1;
    private int inUse;

    int allocate() {
        if (inUse == MAX) {
            throw new IllegalStateException("all 65535 packet identifiers are in use");
        }
        while (used.get(next)) {
            advance();
        }
        int id = next;
        used.set(id);
        inUse++;
        advance();
        return id;
    }

    /** Marks an id restored from the stored state as in use. */
    void reserve(int id) {
        if (!used.get(id)) {
            used.set(id);
            inUse++;
        }
    }

    void release(int id) {
        if (used.get(id)) {
            used.clear(id);
            inUse--;
        }
    }

    int inUse() {
        return inUse;
    }

    private void advance() {
        next = next == MAX ? 1 : next + 1;
    }
}
