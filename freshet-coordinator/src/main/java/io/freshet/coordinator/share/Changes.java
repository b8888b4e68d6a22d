package io.freshet.coordinator.share;

import java.util.ArrayList;
import java.util.List;

/**
 * What one operation did to a share partition beyond its answer: whether its state must be written before the
 * answer, whether records became available at once (the listener is told), which archives go to the dead-letter
 * topic once durable, and the earliest time a timer must look at the partition again. Share coordinator thread only.
 */
final class Changes {

    boolean write;
    boolean available;
    /** Archived records for the dead-letter topic. */
    final List<ShareSnapshot.PendingDeadLetter> archived = new ArrayList<>();

    void archived(InFlightRange range, DeadLetters.Reason reason) {
        archived.add(new ShareSnapshot.PendingDeadLetter(range.first, range.last, range.deliveryCount, reason));
        write = true;
    }
}
