package io.freshet.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.Test;

class DateTimeArgumentTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void shouldReadUtcAndExplicitOffsets() {
        assertThat(DateTimeArgument.parse("2026-11-27T10:00:00Z", PARIS))
                .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(DateTimeArgument.parse("2026-11-27T10:00:00.250Z", PARIS))
                .isEqualTo(Instant.parse("2026-11-27T10:00:00.250Z"));
        assertThat(DateTimeArgument.parse("2026-11-27T10:00:00+02:00", PARIS))
                .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThat(DateTimeArgument.parse("2026-11-27T10:00:00.5-0130", PARIS))
                .isEqualTo(Instant.parse("2026-11-27T11:30:00.500Z"));
    }

    @Test
    void shouldReadATimeWithoutOffsetInTheLocalZone() {
        // Paris is UTC+1 in November (and UTC+2 in July: the zone's rules, not a fixed offset).
        assertThat(DateTimeArgument.parse("2026-11-27T10:00:00.000", PARIS))
                .isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
        assertThat(DateTimeArgument.parse("2026-07-01T10:00", PARIS)).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
    }

    @Test
    void shouldRejectOtherText() {
        for (String text : new String[] {"2026-11-27", "27/11/2026 10:00", "2026-11-27T25:00:00", "now", ""}) {
            assertThatThrownBy(() -> DateTimeArgument.parse(text, PARIS)).as(text)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }
}
