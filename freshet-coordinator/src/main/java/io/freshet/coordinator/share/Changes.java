package io.freshet.coordinator.share;

import java.util.ArrayList;
import java.util.List;

/**
 * What one operation did to a share partition beyond its answer: whether its state must be written before the
 * answer, whether records became available at once (the listener is told), which archives go to the dead-letter
 * topic once durable, and the earliest time a timer must look at the partition again. Share coordinator thread only.
 */
final class Changes {

    /** Archived records for the dead-letter topic. */
    record Archived(long first, long last, short deliveryCount, DeadLetters.Reason reason) {
    }

    boolean write;
    boolean available;
    final List<Archived> archived = new ArrayList<>();

    void archived(InFlightRange range, DeadLetters.Reason reason) {
        archived.add(new Archived(range.first, range.last, range.deliveryCount, reason));
        write = true;
    }
}
