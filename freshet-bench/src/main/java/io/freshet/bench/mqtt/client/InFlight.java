package io.freshet.bench.mqtt.client;

/**
 * The QoS 1 packet ids a publisher has sent and not yet seen PUBACKed: ids 1-65535, handed out in turn, skipping
 * any still in flight (a broker may acknowledge out of order). One connection's, on its event loop only.
 */
final class InFlight {

    private final boolean[] used = new boolean[65536];
    private final int window;
    private int next = 1;
    private int count;

    /** @param window how many may be in flight at once, at most 65535 */
    InFlight(int window) {
        if (window < 1 || window > 65535) {
            throw new IllegalArgumentException("window " + window + " is not in 1-65535");
        }
        this.window = window;
    }

    boolean full() {
        return count >= window;
    }

    int count() {
        return count;
    }

    /** A free packet id, now in flight; call only when not {@link #full()}. */
    int take() {
        while (used[next]) {
            next = next == 65535 ? 1 : next + 1;
        }
        int id = next;
        used[id] = true;
        count++;
        next = next == 65535 ? 1 : next + 1;
        return id;
    }

    /** False if {@code id} was not in flight (a PUBACK the client did not ask for). */
    boolean release(int id) {
        if (id < 1 || id > 65535 || !used[id]) {
            return false;
        }
        used[id] = false;
        count--;
        return true;
    }
}
