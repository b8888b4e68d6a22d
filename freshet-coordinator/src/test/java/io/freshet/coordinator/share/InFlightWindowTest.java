package io.freshet.coordinator.share;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The window stays a handful of ranges however records are acknowledged, and its snapshot says the same. */
class InFlightWindowTest {

    @Test
    void recordsAcknowledgedOneByOneInAnyOrderEndAsOneRange() {
        InFlightWindow window = new InFlightWindow(0);
        window.acquire(window.append(0, 9, RecordState.AVAILABLE, (short) 0, 0), "m1", 1_000);
        for (long o : new long[] {9, 7, 8, 5, 6}) {
            window.finish(window.isolate(o, o).get(0), RecordState.ACKNOWLEDGED);
        }
        assertThat(window.ranges()).hasSize(2);
        assertThat(window.acquiredRecords()).isEqualTo(5);
        assertThat(window.snapshot()).as("acquired records written as before their delivery").isEqualTo(
            new ShareSnapshot(0, List.of(new ShareSnapshot.Range(5, 9, RecordState.ACKNOWLEDGED.code, (short) 1, 0))));
        window.finish(window.isolate(0, 4).get(0), RecordState.ACKNOWLEDGED);
        assertThat(window.advanceStart()).isTrue();
        assertThat(window.startOffset()).isEqualTo(10);
        assertThat(window.ranges()).isEmpty();
    }

    @Test
    void aSnapshotRestoresDoneAndWaitingRangesAndLeavesGapsToBeCheckedAgain() {
        ShareSnapshot snapshot = new ShareSnapshot(3, List.of(
            new ShareSnapshot.Range(5, 6, RecordState.ARCHIVED.code, (short) 2, 0),
            new ShareSnapshot.Range(9, 9, RecordState.AVAILABLE.code, (short) 0, 123)));
        InFlightWindow window = InFlightWindow.of(snapshot);
        assertThat(window.endOffset()).isEqualTo(10);
        assertThat(window.ranges()).extracting(InFlightRange::toString)
            .containsExactly("3..4 AVAILABLE x0", "5..6 ARCHIVED x2", "7..8 AVAILABLE x0", "9..9 AVAILABLE x0 at 123");
        assertThat(window.ranges().iterator().next().isUnchecked()).isTrue();
        assertThat(window.snapshot()).isEqualTo(snapshot);
    }
}
