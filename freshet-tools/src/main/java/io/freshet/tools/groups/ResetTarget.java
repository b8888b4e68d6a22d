package io.freshet.tools.groups;

import java.time.Instant;

/** Where {@code reset-offsets} moves each partition's committed offset. */
sealed interface ResetTarget {

    /** The log start offset. */
    record Earliest() implements ResetTarget {
    }

    /** The log end offset. */
    record Latest() implements ResetTarget {
    }

    /** A fixed offset, clamped to the log. */
    record ToOffset(long offset) implements ResetTarget {
    }

    /** The first offset whose record timestamp is at or after {@code time}; the log end if there is none. */
    record ToDatetime(Instant time) implements ResetTarget {
    }

    /** The committed offset plus {@code delta} (negative moves back), clamped to the log. */
    record ShiftBy(long delta) implements ResetTarget {
    }
}
