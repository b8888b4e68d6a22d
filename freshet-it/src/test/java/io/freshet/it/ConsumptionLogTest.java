package io.freshet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The group tests' verdict on duplicates: which second handlings are allowed (the first was never committed). */
class ConsumptionLogTest {

    private static final Map<Integer, Long> END = Map.of(0, 3L);

    @Test
    void shouldAllowAgainWhatAMemberDroppedFromTheGroupProcessedBeforeItGotThePartitionBackAndCommitted() {
        ConsumptionLog log = new ConsumptionLog();
        assign(log, "m1");
        process(log, "m1", 0, 3);
        log.add(event("m1", ConsumptionLog.Kind.LOST, -1)); // its commit failed: the group had dropped it
        assign(log, "m1");
        process(log, "m1", 0, 3);
        log.add(event("m1", ConsumptionLog.Kind.COMMITTED, 3));

        ConsumptionLog.Check check = log.check(END);

        assertThat(check.duplicateCount()).isEqualTo(3);
        assertThat(check.uncovered().get("m1")).hasSize(3);
        assertThat(check.unexplained()).isEmpty();
        assertThat(check.missing()).isEmpty();
    }

    @Test
    void shouldNotAllowAgainWhatWasCommittedBeforeTheRevocation() {
        ConsumptionLog log = new ConsumptionLog();
        assign(log, "m1");
        process(log, "m1", 0, 3);
        log.add(event("m1", ConsumptionLog.Kind.COMMITTED, 3));
        log.add(event("m1", ConsumptionLog.Kind.REVOKED, -1));
        assign(log, "m2");
        process(log, "m2", 0, 3); // the new owner started below the commit: a lost offset
        log.add(event("m2", ConsumptionLog.Kind.COMMITTED, 3));

        ConsumptionLog.Check check = log.check(END);

        assertThat(check.uncovered().get("m1")).isEmpty();
        assertThat(check.unexplained()).hasSize(3);
    }

    @Test
    void shouldCountACommitOnRevocationAsCoveringThatHolding() {
        ConsumptionLog log = new ConsumptionLog();
        assign(log, "m1");
        process(log, "m1", 0, 2);
        log.add(event("m1", ConsumptionLog.Kind.COMMITTED, 2)); // onPartitionsRevoked commits, then reports
        log.add(event("m1", ConsumptionLog.Kind.REVOKED, -1));
        assign(log, "m2");
        process(log, "m2", 1, 3);
        log.add(event("m2", ConsumptionLog.Kind.COMMITTED, 3));

        ConsumptionLog.Check check = log.check(END);

        assertThat(check.uncovered().get("m1")).isEmpty();
        assertThat(check.unexplained()).containsExactly("0@1 processed 2 times, uncommitted in only 0 of them");
    }

    private static void assign(ConsumptionLog log, String member) {
        log.add(event(member, ConsumptionLog.Kind.ASSIGNED, -1));
    }

    private static void process(ConsumptionLog log, String member, long from, long to) {
        for (long o = from; o < to; o++) {
            log.add(new ConsumptionLog.Event(member, ConsumptionLog.Kind.PROCESSED, 0, o, "k", "v" + o));
        }
    }

    private static ConsumptionLog.Event event(String member, ConsumptionLog.Kind kind, long offset) {
        return new ConsumptionLog.Event(member, kind, 0, offset, null, null);
    }
}
