package io.freshet.sql.function;

import static io.freshet.sql.schema.SqlType.BIGINT;
import static io.freshet.sql.schema.SqlType.INTEGER;
import static io.freshet.sql.schema.SqlType.STRING;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;

/**
 * Epoch-millisecond timestamps and text, with java.time patterns (as ksqlDB: 'yyyy-MM-dd HH:mm:ss.SSS').
 * TIMESTAMPTOSTRING(ms, pattern[, zone]) and STRINGTOTIMESTAMP(text, pattern[, zone]) use UTC unless a zone is
 * given (a zone or offset in the text wins); text without a time of day is midnight, without a date 1970-01-01.
 * DATETOSTRING and STRINGTODATE do the same with days since the epoch (INTEGER). A bad pattern, zone or text gives
 * null. UNIX_TIMESTAMP() is the wall clock in ms (so a query using it is not repeatable).
 */
final class TimeFunctions {

    private static final CompiledPatterns<DateTimeFormatter> FORMATTERS =
            new CompiledPatterns<>(DateTimeFormatter::ofPattern);

    private TimeFunctions() {
    }

    static List<ScalarFunction> all() {
        return List.of(
                Overloads.named("UNIX_TIMESTAMP").lenient(a -> System.currentTimeMillis(), BIGINT).build(),
                Overloads.named("TIMESTAMPTOSTRING")
                        .strict(a -> format((Long) a[0], (String) a[1], ZoneOffset.UTC), BIGINT, STRING, STRING)
                        .strict(a -> format((Long) a[0], (String) a[1], ZoneId.of((String) a[2])), BIGINT, STRING,
                                STRING, STRING)
                        .build(),
                Overloads.named("STRINGTOTIMESTAMP")
                        .strict(a -> parse((String) a[0], (String) a[1], ZoneOffset.UTC), STRING, STRING, BIGINT)
                        .strict(a -> parse((String) a[0], (String) a[1], ZoneId.of((String) a[2])), STRING, STRING,
                                STRING, BIGINT)
                        .build(),
                Overloads.named("DATETOSTRING")
                        .strict(a -> formatter((String) a[1]).format(LocalDate.ofEpochDay((Integer) a[0])), INTEGER,
                                STRING, STRING)
                        .build(),
                Overloads.named("STRINGTODATE")
                        .strict(a -> (int) date(formatter((String) a[1]).parse((String) a[0])).toEpochDay(), STRING,
                                STRING, INTEGER)
                        .build());
    }

    static String format(long epochMillis, String pattern, ZoneId zone) {
        return formatter(pattern).format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    static long parse(String text, String pattern, ZoneId defaultZone) {
        TemporalAccessor parsed = formatter(pattern).parse(text.trim());
        LocalTime time = parsed.query(TemporalQueries.localTime());
        ZoneId zone = parsed.query(TemporalQueries.zone());
        ZonedDateTime at = ZonedDateTime.of(date(parsed), time == null ? LocalTime.MIDNIGHT : time,
                zone == null ? defaultZone : zone);
        return at.toInstant().toEpochMilli();
    }

    private static LocalDate date(TemporalAccessor parsed) {
        LocalDate date = parsed.query(TemporalQueries.localDate());
        return date == null ? LocalDate.EPOCH : date;
    }

    private static DateTimeFormatter formatter(String pattern) {
        return FORMATTERS.get(pattern);
    }
}
