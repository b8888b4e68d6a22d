package io.freshet.tools.groups;

import io.freshet.tools.cli.CommandFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class OffsetResetPlannerTest {

    /** A log holding offsets 100..149 (start 100, end 150); the group committed 120. */
    private static final OffsetResetPlanner.PartitionOffsets LOG = new OffsetResetPlanner.PartitionOffsets(100, 150,
            OptionalLong.of(120), OptionalLong.empty());

    private static long plan(ResetTarget target, OffsetResetPlanner.PartitionOffsets offsets) {
        return OffsetResetPlanner.plan("t-0", target, offsets).offset();
    }

    @Test
    void shouldMoveToTheEndsOfTheLog() {
        assertThat(plan(new ResetTarget.Earliest(), LOG)).isEqualTo(100);
        assertThat(plan(new ResetTarget.Latest(), LOG)).isEqualTo(150);
    }

    @Test
    void shouldClampAnOffsetIntoTheLogWithAWarning() {
        assertThat(OffsetResetPlanner.plan("t-0", new ResetTarget.ToOffset(130), LOG))
                .isEqualTo(new OffsetResetPlanner.Planned(130, Optional.empty()));
        OffsetResetPlanner.Planned below = OffsetResetPlanner.plan("t-0", new ResetTarget.ToOffset(5), LOG);
        assertThat(below.offset()).isEqualTo(100);
        assertThat(below.warning()).hasValue("New offset 5 of t-0 is below the log start offset 100; using 100.");
        OffsetResetPlanner.Planned above = OffsetResetPlanner.plan("t-0", new ResetTarget.ToOffset(999), LOG);
        assertThat(above.offset()).isEqualTo(150);
        assertThat(above.warning()).hasValue("New offset 999 of t-0 is above the log end offset 150; using 150.");
        // the ends themselves are valid positions: no warning
        assertThat(OffsetResetPlanner.clamp("t-0", 150, 100, 150).warning()).isEmpty();
        assertThat(OffsetResetPlanner.clamp("t-0", 100, 100, 150).warning()).isEmpty();
    }

    @Test
    void shouldShiftFromTheCommittedOffsetWithinTheLog() {
        assertThat(plan(new ResetTarget.ShiftBy(-5), LOG)).isEqualTo(115);
        assertThat(plan(new ResetTarget.ShiftBy(10), LOG)).isEqualTo(130);
        assertThat(plan(new ResetTarget.ShiftBy(-50), LOG)).isEqualTo(100);
        assertThat(plan(new ResetTarget.ShiftBy(50), LOG)).isEqualTo(150);
        assertThat(plan(new ResetTarget.ShiftBy(Long.MAX_VALUE), LOG)).isEqualTo(150);
        assertThat(plan(new ResetTarget.ShiftBy(Long.MIN_VALUE), LOG)).isEqualTo(100);
    }

    @Test
    void shouldRefuseToShiftAPartitionWithoutACommittedOffset() {
        OffsetResetPlanner.PartitionOffsets uncommitted = new OffsetResetPlanner.PartitionOffsets(0, 10,
                OptionalLong.empty(), OptionalLong.empty());

        assertThatThrownBy(() -> plan(new ResetTarget.ShiftBy(1), uncommitted))
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("t-0").hasMessageContaining("no committed offset");
    }

    @Test
    void shouldUseTheOffsetOfTheTimeOrTheLogEndWhenNothingIsThatRecent() {
        ResetTarget datetime = new ResetTarget.ToDatetime(Instant.parse("2026-11-27T10:00:00Z"));

        assertThat(plan(datetime, new OffsetResetPlanner.PartitionOffsets(100, 150, OptionalLong.empty(),
                OptionalLong.of(140)))).isEqualTo(140);
        assertThat(plan(datetime, LOG)).isEqualTo(150);
    }
}
