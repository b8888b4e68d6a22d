package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ColumnRef;
import io.freshet.sql.ast.Expression.Comparison;
import io.freshet.sql.ast.Expression.ComparisonOp;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query.Relation;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.expr.RowLayout.Slot;
import io.freshet.sql.plan.QueryPlan.JoinStep;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import io.freshet.sql.schema.MetaStore;
import io.freshet.sql.schema.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The FROM clause resolved against the metastore: the FROM source, each JOIN in order (what it joins, on which
 * columns, which side is re-keyed), the columns of the rows they produce ({@link #inputLayout}: every source's
 * columns, then the FROM record's ROWTIME, ROWPARTITION, ROWOFFSET) and what the rows' key is. One per query.
 */
final class FromClause {

    private final MetaStore metaStore;

    private SourceRef from;
    private final List<JoinStep> joins = new ArrayList<>();
    /** The columns of the rows so far (FROM source, then each joined source), without pseudo-columns. */
    private final List<Slot> columns = new ArrayList<>();
    /** How the rows' key is written (empty: the internal row format, after a stream-stream join re-keying both). */
    private Optional<Format> keyFormat = Optional.empty();
    private RowLayout inputLayout;
    /** Per key position, the (canonical) expressions whose value is the record key there. */
    private List<List<Expression>> keyAlternatives = List.of();
    private final List<SourceRef> sources = new ArrayList<>();

    private FromClause(MetaStore metaStore) {
        this.metaStore = metaStore;
    }

    static FromClause resolve(MetaStore metaStore, Relation relation) {
        FromClause clause = new FromClause(metaStore);
        clause.resolve(relation);
        return clause;
    }

    SourceRef from() {
        return from;
    }

    List<JoinStep> joins() {
        return List.copyOf(joins);
    }

    List<SourceRef> sources() {
        return List.copyOf(sources);
    }

    RowLayout inputLayout() {
        return inputLayout;
    }

    List<List<Expression>> keyAlternatives() {
        return keyAlternatives;
    }

    /** The rows are a TABLE's (a query over a table, without joins); otherwise a stream's. */
    boolean isTable() {
        return joins.isEmpty() && from.source().kind() == SourceKind.TABLE;
    }

    private void resolve(Relation relation) {
        resolveRelation(relation);
        List<Slot> slots = new ArrayList<>(columns);
        slots.addAll(from.pseudoSlots());
        inputLayout = new RowLayout(slots);
    }

    /** Joins nest to the left: the FROM source first, then each JOIN on the rows so far. */
    private void resolveRelation(Relation relation) {
        if (relation instanceof Relation.Source s) {
            from = sourceRef(s);
            columns.addAll(from.columnSlots());
            keyFormat = Optional.of(from.source().keyFormat());
            keyAlternatives = new ArrayList<>();
            for (Column c : from.source().schema().key()) {
                keyAlternatives.add(List.of(new ColumnRef(Optional.of(from.qualifier()), c.name(), Position.UNKNOWN)));
            }
            return;
        }
        Relation.Join j = (Relation.Join) relation;
        resolveRelation(j.left());
        resolveJoin(j);
    }

    private SourceRef sourceRef(Relation.Source s) {
        DataSource source = metaStore.source(s.name())
                .orElseThrow(() -> new SqlException(s.position(), s.name() + " does not exist"));
        if (source.window().isPresent()) {
            throw new SqlException(s.position(), "reading the windowed table " + s.name()
                    + " is not supported yet: read its topic as a STREAM instead");
        }
        if (source.timestampColumn().isPresent()) {
            Optional<Column> ts = source.schema().value().stream()
                    .filter(c -> c.name().equals(source.timestampColumn().get())).findFirst();
            if (ts.isEmpty() || ts.get().type() != SqlType.BIGINT) {
                throw new SqlException(s.position(), "the TIMESTAMP column " + source.timestampColumn().get()
                        + " of " + s.name() + " must be a BIGINT value column (epoch milliseconds)");
            }
        }
        String qualifier = s.alias().orElse(s.name());
        for (SourceRef earlier : sources) {
            if (earlier.source().topic().equals(source.topic())) {
                throw new SqlException(s.position(), "joining " + earlier.source().name() + " with "
                        + source.name() + " reads topic " + source.topic() + " twice, which Kafka Streams "
                        + "does not allow: a self-join is not supported");
            }
            if (earlier.qualifier().equals(qualifier)) {
                throw new SqlException(s.position(), "two sources of the join are called " + qualifier
                        + ": give one an alias");
            }
        }
        SourceRef ref = new SourceRef(source, qualifier, s.position());
        sources.add(ref);
        return ref;
    }

    private void resolveJoin(Relation.Join j) {
        boolean first = joins.isEmpty();
        SourceRef right = sourceRef(j.right());
        String leftName = first ? from.qualifier() : "the joined rows";
        SourceKind leftKind = first ? from.source().kind() : SourceKind.STREAM;
        boolean streamStream = leftKind == SourceKind.STREAM && right.source().kind() == SourceKind.STREAM;
        if (leftKind != SourceKind.STREAM || (right.source().kind() != SourceKind.TABLE && !streamStream)) {
            throw new SqlException(j.position(), "only STREAM-TABLE and STREAM-STREAM joins are supported (a stream "
                    + "on the left); " + leftName + " is a " + leftKind + " and " + right.qualifier() + " a "
                    + right.source().kind());
        }
        if (streamStream && j.within().isEmpty()) {
            throw new SqlException(j.position(), "a STREAM-STREAM join needs WITHIN: how far apart in time two "
                    + "records may be to join, e.g. JOIN " + right.qualifier() + " WITHIN 1 HOUR ON ...");
        }
        if (!streamStream && j.within().isPresent()) {
            throw new SqlException(j.position(), "WITHIN applies to stream-stream joins, not to a STREAM-TABLE join");
        }
        RowLayout leftLayout = new RowLayout(columns);
        RowLayout rightLayout = new RowLayout(right.columnSlots());
        if (!(j.on() instanceof Comparison c) || c.op() != ComparisonOp.EQUAL
                || !(c.left() instanceof ColumnRef a) || !(c.right() instanceof ColumnRef b)) {
            throw new SqlException(j.on().position(), streamStream
                    ? "a join condition must be <column> = <column>, one of each stream"
                    : "a join condition must be <stream column> = <table key column>");
        }
        int[] sideA = side(a, leftLayout, rightLayout);
        int[] sideB = side(b, leftLayout, rightLayout);
        if (sideA[0] == sideB[0]) {
            throw new SqlException(j.on().position(), "a join condition must compare a column of " + leftName
                    + " with one of " + right.qualifier());
        }
        int leftSlot = sideA[0] == 0 ? sideA[1] : sideB[1];
        int rightSlot = sideA[0] == 1 ? sideA[1] : sideB[1];
        ColumnRef rightRef = sideA[0] == 1 ? a : b;
        if (!streamStream && (right.keyCount() != 1 || rightSlot != 0)) {
            throw new SqlException(rightRef.position(), "a table is joined on its PRIMARY KEY: "
                    + right.qualifier() + " is keyed by " + keyNames(right.source()) + ", not " + rightRef.name());
        }
        SqlType leftType = leftLayout.slots().get(leftSlot).type();
        SqlType rightType = rightLayout.slots().get(rightSlot).type();
        if (leftType != rightType) {
            throw new SqlException(j.on().position(), "the join compares " + leftType + " with " + rightType
                    + ": CAST one side so both have the same type");
        }
        Slot l = leftLayout.slots().get(leftSlot);
        Slot r = rightLayout.slots().get(rightSlot);
        ColumnRef leftCanon = new ColumnRef(l.qualifier(), l.name(), Position.UNKNOWN);
        boolean leftKeyed = keyAlternatives.size() == 1 && keyAlternatives.get(0).contains(leftCanon);
        boolean rightKeyed = right.keyCount() == 1 && rightSlot == 0;
        boolean sameFormat = keyFormat.isPresent() && keyFormat.get() == right.source().keyFormat();
        // Co-partitioning: both sides' keys must be the same bytes. A table is never re-keyed, so a stream keyed
        // in another format is; of two streams keyed in different formats, the right one is.
        boolean rekeyLeft = !leftKeyed || (!streamStream && !sameFormat);
        boolean rekeyRight = streamStream && (!rightKeyed || (leftKeyed && !sameFormat));
        joins.add(new JoinStep(right, j.type(), leftSlot, rekeyLeft, rightSlot, rekeyRight, j.within(),
                columns.stream().map(Slot::type).toList(), keyFormat, first ? "Join" : "Join-" + (joins.size() + 1)));
        // The joined rows are partitioned as the join's key serde wrote them (JoinStages picks it the same way).
        if (!streamStream) {
            keyFormat = Optional.of(right.source().keyFormat());
        } else if (rekeyLeft) {
            keyFormat = rekeyRight ? Optional.empty() : Optional.of(right.source().keyFormat());
        }
        columns.addAll(right.columnSlots());
        keyAlternatives = List.of(List.of(leftCanon, new ColumnRef(r.qualifier(), r.name(), Position.UNKNOWN)));
    }

    /** {side (0 left, 1 right), slot} of a column in a join condition. */
    private static int[] side(ColumnRef ref, RowLayout left, RowLayout right) {
        List<Integer> l = left.resolve(ref.qualifier(), ref.name());
        List<Integer> r = right.resolve(ref.qualifier(), ref.name());
        if (l.size() + r.size() == 0) {
            throw new SqlException(ref.position(), "unknown column " + ref.name() + " in the join condition");
        }
        if (l.size() + r.size() > 1) {
            throw new SqlException(ref.position(), "column " + ref.name() + " is ambiguous: qualify it");
        }
        return l.isEmpty() ? new int[] {1, r.get(0)} : new int[] {0, l.get(0)};
    }

    private static String keyNames(DataSource s) {
        return s.schema().key().isEmpty() ? "nothing"
                : String.join(", ", s.schema().key().stream().map(Column::name).toList());
    }
}
