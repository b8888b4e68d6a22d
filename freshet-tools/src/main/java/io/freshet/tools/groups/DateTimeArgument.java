package io.freshet.tools.groups;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * {@code --to-datetime 2026-11-27T10:00:00[.SSS][Z|+hh:mm]}. Without an offset the time is in the local time zone,
 * as kafka-consumer-groups reads it.
 */
final class DateTimeArgument {

    static final String FORMAT = "YYYY-MM-DDTHH:mm:SS[.sss][Z|+hh:mm]";

    private static final DateTimeFormatter PARSER = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME) // seconds and fraction are optional in it
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private DateTimeArgument() {
    }

    /** Throws {@link DateTimeParseException} for text that is not such a date-time. */
    static Instant parse(String text, ZoneId localZone) {
        TemporalAccessor parsed = PARSER.parse(text.trim());
        LocalDateTime local = LocalDateTime.from(parsed);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return local.atOffset(ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))).toInstant();
        }
        return local.atZone(localZone).toInstant();
    }
}
