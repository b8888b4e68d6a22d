package io.freshet.sql.ast;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code SELECT ... FROM ... [WINDOW ...] [WHERE ...] [GROUP BY ...] [PARTITION BY ...] [HAVING ...] EMIT
 * CHANGES|FINAL [LIMIT n]}. {@code emit} is empty when the statement has no EMIT clause (ksqlDB requires EMIT
 * CHANGES on push queries; the session reports a missing one).
 */
public record Query(List<SelectItem> select, Relation from, Optional<WindowSpec> window, Optional<Expression> where,
                    List<Expression> groupBy, List<Expression> partitionBy, Optional<Expression> having,
                    Optional<EmitMode> emit, OptionalInt limit, Position position) {

    public enum EmitMode { CHANGES, FINAL }

    public sealed interface SelectItem {
        /** {@code *} or {@code source.*}. */
        record AllColumns(Optional<String> qualifier, Position position) implements SelectItem {
        }

        /** {@code expression [AS alias]}; the alias is canonical like any identifier. */
        record Single(Expression expression, Optional<String> alias, Position position) implements SelectItem {
        }
    }

    public sealed interface Relation {
        /** A stream or table by name, with an optional alias ({@code readings r} or {@code readings AS r}). */
        record Source(String name, Optional<String> alias, Position position) implements Relation {
        }

        enum JoinType { INNER, LEFT }

        /** {@code left [LEFT] JOIN right ON condition [WITHIN duration]}; joins nest to the left. */
        record Join(Relation left, Source right, JoinType type, Expression on, Optional<Duration> within,
                    Position position) implements Relation {
        }
    }

    /** WINDOW TUMBLING / HOPPING / SESSION; grace is empty when not given (ksqlDB's default then applies). */
    public sealed interface WindowSpec {
        Optional<Duration> grace();

        record Tumbling(Duration size, Optional<Duration> grace) implements WindowSpec {
        }

        record Hopping(Duration size, Duration advance, Optional<Duration> grace) implements WindowSpec {
        }

        record Session(Duration gap, Optional<Duration> grace) implements WindowSpec {
        }
    }
}
