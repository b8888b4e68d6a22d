package io.freshet.sql.parser;

import io.freshet.sql.ast.Query.WindowSpec;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * {@code WINDOW TUMBLING (SIZE n UNIT[, GRACE PERIOD n UNIT])}, {@code HOPPING (SIZE n UNIT, ADVANCE BY n UNIT[,
 * GRACE PERIOD n UNIT])}, {@code SESSION (n UNIT[, GRACE PERIOD n UNIT])}, and the durations they (and a join's
 * WITHIN) are made of: a whole number and a unit from MILLISECOND(S) to DAY(S).
 */
final class WindowParser {

    private static final Map<String, ChronoUnit> UNITS = Map.ofEntries(
            Map.entry("MILLISECOND", ChronoUnit.MILLIS), Map.entry("MILLISECONDS", ChronoUnit.MILLIS),
            Map.entry("SECOND", ChronoUnit.SECONDS), Map.entry("SECONDS", ChronoUnit.SECONDS),
            Map.entry("MINUTE", ChronoUnit.MINUTES), Map.entry("MINUTES", ChronoUnit.MINUTES),
            Map.entry("HOUR", ChronoUnit.HOURS), Map.entry("HOURS", ChronoUnit.HOURS),
            Map.entry("DAY", ChronoUnit.DAYS), Map.entry("DAYS", ChronoUnit.DAYS));

    private static final String[] UNIT_NAMES = {"MILLISECONDS", "SECONDS", "MINUTES", "HOURS", "DAYS"};

    private final TokenCursor cursor;

    WindowParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    /** After the WINDOW keyword. */
    WindowSpec window() {
        String kind = cursor.expectOneOf("TUMBLING", "HOPPING", "SESSION");
        cursor.expectSymbol("(");
        return switch (kind) {
            case "TUMBLING" -> tumbling();
            case "HOPPING" -> hopping();
            default -> session();
        };
    }

    private WindowSpec tumbling() {
        cursor.expectWord("SIZE");
        Duration size = positiveDuration("window SIZE");
        return new WindowSpec.Tumbling(size, graceAndClose());
    }

    private WindowSpec hopping() {
        cursor.expectWord("SIZE");
        Token sizeAt = cursor.peek();
        Duration size = positiveDuration("window SIZE");
        String sizeText = cursor.textFrom(sizeAt);
        cursor.expectSymbol(",");
        cursor.expectWord("ADVANCE");
        cursor.expectWord("BY");
        Token advanceAt = cursor.peek();
        Duration advance = positiveDuration("ADVANCE BY");
        if (advance.compareTo(size) > 0) {
            throw TokenCursor.error(advanceAt, "ADVANCE BY " + cursor.textFrom(advanceAt)
                    + " is longer than the window SIZE " + sizeText + "; it can be at most the size");
        }
        return new WindowSpec.Hopping(size, advance, graceAndClose());
    }

    private WindowSpec session() {
        Duration gap = positiveDuration("session gap");
        return new WindowSpec.Session(gap, graceAndClose());
    }

    /** {@code [, GRACE PERIOD n UNIT] )}. */
    private Optional<Duration> graceAndClose() {
        Optional<Duration> grace = Optional.empty();
        if (cursor.acceptSymbol(",")) {
            if (cursor.isWord("RETENTION")) {
                throw TokenCursor.error(cursor.peek(), "window RETENTION is not supported (a window is kept "
                        + "until its end plus the grace period); expected GRACE PERIOD");
            }
            cursor.expectWord("GRACE");
            cursor.expectWord("PERIOD");
            grace = Optional.of(duration());
        }
        if (!cursor.acceptSymbol(")")) {
            throw grace.isPresent() ? cursor.expected("')'") : cursor.expected("','", "')'");
        }
        return grace;
    }

    /** {@code n UNIT}, e.g. {@code 10 SECONDS}. */
    Duration duration() {
        Token number = cursor.peek();
        if (number.kind() != Token.Kind.INTEGER) {
            throw cursor.expected("a duration (a whole number and a unit, e.g. 10 SECONDS)");
        }
        cursor.advance();
        Object amount = ExpressionParser.number(number, false);
        Token unitToken = cursor.peek();
        ChronoUnit unit = unitToken.kind() == Token.Kind.WORD ? UNITS.get(unitToken.value()) : null;
        if (unit == null) {
            throw cursor.expected(UNIT_NAMES);
        }
        cursor.advance();
        try {
            return Duration.of(((Number) amount).longValue(), unit);
        } catch (ArithmeticException e) {
            throw TokenCursor.error(number, "duration " + number.text() + " " + unitToken.value() + " is too long");
        }
    }

    private Duration positiveDuration(String what) {
        Token at = cursor.peek();
        Duration duration = duration();
        if (duration.isZero()) {
            throw TokenCursor.error(at, what + " must be greater than 0");
        }
        return duration;
    }
}
