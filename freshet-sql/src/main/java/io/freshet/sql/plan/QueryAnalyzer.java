package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ColumnRef;
import io.freshet.sql.ast.Expression.Comparison;
import io.freshet.sql.ast.Expression.ComparisonOp;
import io.freshet.sql.ast.Expression.FunctionCall;
import io.freshet.sql.ast.Expression.Literal;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.Relation;
import io.freshet.sql.ast.Query.SelectItem;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.expr.ExpressionCompiler;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.expr.RowLayout.Slot;
import io.freshet.sql.function.AggregateFunction;
import io.freshet.sql.function.Functions;
import io.freshet.sql.plan.QueryPlan.AggregateCall;
import io.freshet.sql.plan.QueryPlan.AggregateStep;
import io.freshet.sql.plan.QueryPlan.JoinStep;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.LogicalSchema;
import io.freshet.sql.schema.MetaStore;
import io.freshet.sql.schema.SqlType;
import io.freshet.sql.schema.WindowInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a query against the metastore and compiles it into a {@link QueryPlan}, following ksqlDB's rules: output
 * column names (alias, else the column's name, else KSQL_COL_n), the key (the source's key, the PARTITION BY or
 * GROUP BY expressions, or the join column) stays in the record key and is not repeated in the value, a windowed or
 * grouped aggregate gives a TABLE. One instance per query; not thread-safe.
 */
final class QueryAnalyzer {

    /** Slots of the aggregate results in the aggregated row; a name no user column can take unquoted. */
    private static final String AGG_SLOT = "KSQL_AGG_VARIABLE_";
    private static final String GROUP_SLOT = "KSQL_GROUPBY_";
    /** ksqlDB's grace period when a window does not give one. */
    private static final java.time.Duration DEFAULT_GRACE = java.time.Duration.ofHours(24);

    private final MetaStore metaStore;
    private final Query query;

    private SourceRef from;
    private Optional<JoinStep> join = Optional.empty();
    private RowLayout inputLayout;
    /** Per key position, the (canonical) expressions whose value is the record key there. */
    private List<List<Expression>> keyAlternatives = List.of();
    private final List<SourceRef> sources = new ArrayList<>();

    QueryAnalyzer(MetaStore metaStore, Query query) {
        this.metaStore = metaStore;
        this.query = query;
    }

    QueryPlan analyze() {
        resolveFrom();
        Optional<CompiledExpression> where = query.where().map(this::compileWhere);
        boolean aggregate = !query.groupBy().isEmpty() || query.having().isPresent() || selectHasAggregate();
        if (aggregate) {
            return analyzeAggregate(where);
        }
        if (query.window().isPresent()) {
            throw new SqlException(query.position(), "WINDOW needs a GROUP BY and aggregate functions");
        }
        checkNoEmitFinal();
        Optional<List<CompiledExpression>> partitionBy = resolvePartitionBy();
        List<Item> items = selectItems();
        List<CompiledExpression> compiled = new ArrayList<>();
        for (Item item : items) {
            compiled.add(ExpressionCompiler.compile(item.expression(), inputLayout));
        }
        SourceKind kind = join.isEmpty() && from.source().kind() == SourceKind.TABLE
                ? SourceKind.TABLE : SourceKind.STREAM;
        return finish(items, compiled, where, partitionBy, Optional.empty(), kind, Optional.empty());
    }

    // ---- FROM and JOIN

    private void resolveFrom() {
        if (query.from() instanceof Relation.Source s) {
            from = sourceRef(s);
            List<Slot> slots = new ArrayList<>(from.columnSlots());
            slots.addAll(from.pseudoSlots());
            inputLayout = new RowLayout(slots);
            keyAlternatives = new ArrayList<>();
            for (Column c : from.source().schema().key()) {
                keyAlternatives.add(List.of(new ColumnRef(Optional.of(from.qualifier()), c.name(), Position.UNKNOWN)));
            }
        } else if (query.from() instanceof Relation.Join j) {
            resolveJoin(j);
        }
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
        SourceRef ref = new SourceRef(source, s.alias().orElse(s.name()), s.position());
        sources.add(ref);
        return ref;
    }

    private void resolveJoin(Relation.Join j) {
        if (!(j.left() instanceof Relation.Source leftSource)) {
            throw new SqlException(j.position(), "a query may join two sources; more are not supported yet");
        }
        SourceRef left = sourceRef(leftSource);
        SourceRef right = sourceRef(j.right());
        if (left.source().kind() != SourceKind.STREAM || right.source().kind() != SourceKind.TABLE) {
            throw new SqlException(j.position(), "only STREAM-TABLE joins are supported (a stream on the left "
                    + "enriched from a table on the right); " + left.qualifier() + " is a " + left.source().kind()
                    + " and " + right.qualifier() + " a " + right.source().kind());
        }
        if (j.within().isPresent()) {
            throw new SqlException(j.position(), "WITHIN applies to stream-stream joins, not to a STREAM-TABLE join");
        }
        if (left.qualifier().equals(right.qualifier())) {
            throw new SqlException(j.right().position(), "both sides of the join are called "
                    + left.qualifier() + ": give one an alias");
        }
        from = left;
        RowLayout leftLayout = new RowLayout(left.columnSlots());
        RowLayout rightLayout = new RowLayout(right.columnSlots());
        if (!(j.on() instanceof Comparison c) || c.op() != ComparisonOp.EQUAL
                || !(c.left() instanceof ColumnRef a) || !(c.right() instanceof ColumnRef b)) {
            throw new SqlException(j.on().position(), "a join condition must be <stream column> = <table key column>");
        }
        int[] sideA = side(a, leftLayout, rightLayout);
        int[] sideB = side(b, leftLayout, rightLayout);
        if (sideA[0] == sideB[0]) {
            throw new SqlException(j.on().position(),
                    "a join condition must compare a column of " + left.qualifier() + " with one of " + right.qualifier());
        }
        int leftSlot = sideA[0] == 0 ? sideA[1] : sideB[1];
        int rightSlot = sideA[0] == 1 ? sideA[1] : sideB[1];
        ColumnRef rightRef = sideA[0] == 1 ? a : b;
        if (right.keyCount() != 1 || rightSlot != 0) {
            throw new SqlException(rightRef.position(), "a table is joined on its PRIMARY KEY: "
                    + right.qualifier() + " is keyed by " + keyNames(right.source()) + ", not " + rightRef.name());
        }
        SqlType leftType = leftLayout.slots().get(leftSlot).type();
        SqlType rightType = rightLayout.slots().get(0).type();
        if (leftType != rightType) {
            throw new SqlException(j.on().position(), "the join compares " + leftType + " with " + rightType
                    + ": CAST one side so both have the same type");
        }
        boolean keyed = left.keyCount() == 1 && leftSlot == 0
                && left.source().keyFormat() == right.source().keyFormat();
        join = Optional.of(new JoinStep(right, j.type(), leftSlot, !keyed));
        List<Slot> slots = new ArrayList<>(left.columnSlots());
        slots.addAll(right.columnSlots());
        slots.addAll(left.pseudoSlots());
        inputLayout = new RowLayout(slots);
        Slot l = leftLayout.slots().get(leftSlot);
        Slot r = rightLayout.slots().get(0);
        keyAlternatives = List.of(List.of(new ColumnRef(l.qualifier(), l.name(), Position.UNKNOWN),
                new ColumnRef(r.qualifier(), r.name(), Position.UNKNOWN)));
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

    // ---- WHERE, PARTITION BY, EMIT

    private CompiledExpression compileWhere(Expression where) {
        ExpressionTrees.firstAggregate(where, Functions::isAggregate).ifPresent(f -> {
            throw new SqlException(f.position(), "aggregate function " + f.name()
                    + " is not allowed in WHERE; use HAVING");
        });
        CompiledExpression compiled = ExpressionCompiler.compile(where, inputLayout);
        if (compiled.type() != SqlType.BOOLEAN) {
            throw new SqlException(where.position(), "WHERE needs a BOOLEAN expression, not " + compiled.type());
        }
        return compiled;
    }

    private Optional<List<CompiledExpression>> resolvePartitionBy() {
        if (query.partitionBy().isEmpty()) {
            return Optional.empty();
        }
        if (join.isEmpty() && from.source().kind() == SourceKind.TABLE) {
            throw new SqlException(query.partitionBy().get(0).position(),
                    "PARTITION BY applies to a STREAM; " + from.qualifier() + " is a TABLE");
        }
        if (query.partitionBy().size() == 1 && query.partitionBy().get(0) instanceof Literal l && l.value() == null) {
            keyAlternatives = List.of();
            return Optional.of(List.of());
        }
        List<CompiledExpression> compiled = new ArrayList<>();
        List<List<Expression>> keys = new ArrayList<>();
        for (Expression e : query.partitionBy()) {
            ExpressionTrees.firstAggregate(e, Functions::isAggregate).ifPresent(f -> {
                throw new SqlException(f.position(), "aggregate function " + f.name() + " is not allowed in PARTITION BY");
            });
            compiled.add(ExpressionCompiler.compile(e, inputLayout));
            keys.add(List.of(ExpressionTrees.canonical(e, inputLayout)));
        }
        keyAlternatives = keys;
        return Optional.of(compiled);
    }

    private void checkNoEmitFinal() {
        if (query.emit().orElse(Query.EmitMode.CHANGES) == Query.EmitMode.FINAL) {
            throw new SqlException(query.position(), "EMIT FINAL applies to windowed aggregates "
                    + "(WINDOW ... GROUP BY); use EMIT CHANGES");
        }
    }

    // ---- aggregates

    private boolean selectHasAggregate() {
        for (SelectItem item : query.select()) {
            if (item instanceof SelectItem.Single s
                    && ExpressionTrees.firstAggregate(s.expression(), Functions::isAggregate).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private QueryPlan analyzeAggregate(Optional<CompiledExpression> where) {
        if (join.isEmpty() && from.source().kind() == SourceKind.TABLE) {
            throw new SqlException(from.position(), "aggregating a TABLE is not supported yet; aggregate the STREAM "
                    + "it is built from");
        }
        if (query.groupBy().isEmpty()) {
            throw new SqlException(query.position(), "aggregate functions need a GROUP BY clause");
        }
        if (!query.partitionBy().isEmpty()) {
            throw new SqlException(query.partitionBy().get(0).position(), "PARTITION BY cannot be used with GROUP BY");
        }
        if (query.window().isEmpty()) {
            checkNoEmitFinal();
        }
        List<CompiledExpression> groupBy = new ArrayList<>();
        List<Expression> groupCanon = new ArrayList<>();
        List<Slot> groupSlots = new ArrayList<>();
        for (int i = 0; i < query.groupBy().size(); i++) {
            Expression e = query.groupBy().get(i);
            ExpressionTrees.firstAggregate(e, Functions::isAggregate).ifPresent(f -> {
                throw new SqlException(f.position(), "aggregate function " + f.name() + " is not allowed in GROUP BY");
            });
            CompiledExpression c = ExpressionCompiler.compile(e, inputLayout);
            groupBy.add(c);
            Expression canon = ExpressionTrees.canonical(e, inputLayout);
            groupCanon.add(canon);
            groupSlots.add(canon instanceof ColumnRef ref
                    ? new Slot(ref.qualifier(), ref.name(), c.type())
                    : new Slot(Optional.empty(), GROUP_SLOT + i, c.type()));
        }
        boolean groupByKey = isKey(groupCanon);
        keyAlternatives = groupCanon.stream().map(List::of).toList();

        AggregateRewriter rewriter = new AggregateRewriter(groupCanon, groupSlots);
        List<Item> items = selectItems();
        List<Expression> rewritten = new ArrayList<>();
        for (Item item : items) {
            rewritten.add(rewriter.rewrite(item.expression()));
        }
        Optional<Expression> having = query.having().map(rewriter::rewrite);

        List<Slot> slots = new ArrayList<>(groupSlots);
        for (int i = 0; i < rewriter.calls.size(); i++) {
            slots.add(new Slot(Optional.empty(), AGG_SLOT + i, rewriter.calls.get(i).function().returnType()));
        }
        if (query.window().isPresent()) {
            slots.add(new Slot(Optional.empty(), SourceRef.WINDOWSTART, SqlType.BIGINT));
            slots.add(new Slot(Optional.empty(), SourceRef.WINDOWEND, SqlType.BIGINT));
        }
        RowLayout layout = new RowLayout(slots);
        List<CompiledExpression> compiled = new ArrayList<>();
        for (Expression e : rewritten) {
            compiled.add(ExpressionCompiler.compile(e, layout));
        }
        Optional<CompiledExpression> havingCompiled = having.map(h -> {
            CompiledExpression c = ExpressionCompiler.compile(h, layout);
            if (c.type() != SqlType.BOOLEAN) {
                throw new SqlException(h.position(), "HAVING needs a BOOLEAN expression, not " + c.type());
            }
            return c;
        });
        Optional<WindowSpec> window = query.window().map(this::withDefaultGrace);
        AggregateStep step = new AggregateStep(groupBy, groupBy.stream().map(CompiledExpression::type).toList(),
                groupByKey, rewriter.calls, window, query.emit().orElse(Query.EmitMode.CHANGES), layout,
                havingCompiled);
        return finish(items, compiled, where, Optional.empty(), Optional.of(step), SourceKind.TABLE,
                window.map(QueryAnalyzer::windowInfo));
    }

    /** Whether the GROUP BY expressions are, in order, the record key already (then no repartition is needed). */
    private boolean isKey(List<Expression> groupCanon) {
        if (groupCanon.size() != keyAlternatives.size() || groupCanon.isEmpty()) {
            return false;
        }
        for (int i = 0; i < groupCanon.size(); i++) {
            if (!keyAlternatives.get(i).contains(groupCanon.get(i))) {
                return false;
            }
        }
        return true;
    }

    private WindowSpec withDefaultGrace(WindowSpec w) {
        Optional<java.time.Duration> grace = Optional.of(w.grace().orElse(DEFAULT_GRACE));
        if (w instanceof WindowSpec.Tumbling t) {
            checkPositive(t.size(), "SIZE");
            return new WindowSpec.Tumbling(t.size(), grace);
        } else if (w instanceof WindowSpec.Hopping h) {
            checkPositive(h.size(), "SIZE");
            checkPositive(h.advance(), "ADVANCE BY");
            if (h.advance().compareTo(h.size()) > 0) {
                throw new SqlException(query.position(), "a HOPPING window's ADVANCE BY (" + h.advance()
                        + ") must not exceed its SIZE (" + h.size() + ")");
            }
            return new WindowSpec.Hopping(h.size(), h.advance(), grace);
        }
        WindowSpec.Session s = (WindowSpec.Session) w;
        checkPositive(s.gap(), "the session gap");
        return new WindowSpec.Session(s.gap(), grace);
    }

    private void checkPositive(java.time.Duration d, String what) {
        if (d.isZero() || d.isNegative()) {
            throw new SqlException(query.position(), "the window's " + what + " must be positive");
        }
    }

    private static WindowInfo windowInfo(WindowSpec w) {
        if (w instanceof WindowSpec.Tumbling t) {
            return new WindowInfo(WindowInfo.Type.TUMBLING, Optional.of(t.size()));
        } else if (w instanceof WindowSpec.Hopping h) {
            return new WindowInfo(WindowInfo.Type.HOPPING, Optional.of(h.size()));
        }
        return new WindowInfo(WindowInfo.Type.SESSION, Optional.empty());
    }

    /** Replaces aggregate calls and GROUP BY expressions by the slots of the aggregated row that hold them. */
    private final class AggregateRewriter {
        private final List<Expression> groupCanon;
        private final List<Slot> groupSlots;
        private final List<AggregateCall> calls = new ArrayList<>();
        private final List<Expression> callCanon = new ArrayList<>();

        AggregateRewriter(List<Expression> groupCanon, List<Slot> groupSlots) {
            this.groupCanon = groupCanon;
            this.groupSlots = groupSlots;
        }

        Expression rewrite(Expression e) {
            return ExpressionTrees.rewrite(e, node -> {
                if (node instanceof FunctionCall f && Functions.isAggregate(f.name())) {
                    return Optional.of(new ColumnRef(Optional.empty(), AGG_SLOT + register(f), f.position()));
                }
                int g = groupCanon.indexOf(ExpressionTrees.canonical(node, inputLayout));
                if (g >= 0 && !(node instanceof Literal)) {
                    Slot s = groupSlots.get(g);
                    return Optional.of(new ColumnRef(s.qualifier(), s.name(), node.position()));
                }
                if (node instanceof ColumnRef c && !isWindowBound(c)) {
                    throw new SqlException(c.position(), "column " + c.name()
                            + " is neither in GROUP BY nor inside an aggregate function");
                }
                return Optional.empty();
            }, true);
        }

        private boolean isWindowBound(ColumnRef c) {
            return c.qualifier().isEmpty()
                    && (c.name().equals(SourceRef.WINDOWSTART) || c.name().equals(SourceRef.WINDOWEND));
        }

        private int register(FunctionCall f) {
            Expression canon = ExpressionTrees.canonical(f, inputLayout);
            int known = callCanon.indexOf(canon);
            if (known >= 0) {
                return known;
            }
            List<CompiledExpression> args = new ArrayList<>();
            for (Expression arg : f.args()) {
                ExpressionTrees.firstAggregate(arg, Functions::isAggregate).ifPresent(inner -> {
                    throw new SqlException(inner.position(), "aggregate function " + inner.name()
                            + " cannot be nested inside " + f.name());
                });
                args.add(ExpressionCompiler.compile(arg, inputLayout));
            }
            AggregateFunction function = Functions.aggregate(f.name(),
                    args.stream().map(CompiledExpression::type).toList(), f.star(), f.position());
            calls.add(new AggregateCall(function, args));
            callCanon.add(canon);
            return calls.size() - 1;
        }
    }

    // ---- SELECT

    /** One output column before compilation: its expression, explicit name (null: generated) and position. */
    private record Item(Expression expression, String name, Position position) {
    }

    private List<Item> selectItems() {
        List<Item> items = new ArrayList<>();
        for (SelectItem s : query.select()) {
            if (s instanceof SelectItem.AllColumns all) {
                if (!query.groupBy().isEmpty()) {
                    throw new SqlException(all.position(), "SELECT * cannot be used with GROUP BY: name the columns");
                }
                items.addAll(expandStar(all));
            } else {
                SelectItem.Single single = (SelectItem.Single) s;
                String name = single.alias().orElse(single.expression() instanceof ColumnRef c ? c.name() : null);
                items.add(new Item(single.expression(), name, single.position()));
            }
        }
        return items;
    }

    private List<Item> expandStar(SelectItem.AllColumns all) {
        List<SourceRef> refs = new ArrayList<>(List.of(from));
        join.ifPresent(j -> refs.add(j.table()));
        List<Item> items = new ArrayList<>();
        boolean matched = false;
        for (SourceRef ref : refs) {
            if (all.qualifier().isPresent() && !all.qualifier().get().equals(ref.qualifier())) {
                continue;
            }
            matched = true;
            for (Column c : ref.source().schema().columns()) {
                // ksqlDB names a joined row's columns after their side: R_DEVICE, D_ID.
                String name = join.isPresent() ? ref.qualifier() + "_" + c.name() : c.name();
                items.add(new Item(new ColumnRef(Optional.of(ref.qualifier()), c.name(), all.position()), name,
                        all.position()));
            }
        }
        if (!matched) {
            throw new SqlException(all.position(), "unknown source " + all.qualifier().orElse("") + " in "
                    + all.qualifier().orElse("") + ".*");
        }
        return items;
    }

    /** Names the columns, splits key from value and builds the {@link AnalyzedQuery}. */
    private QueryPlan finish(List<Item> items, List<CompiledExpression> compiled, Optional<CompiledExpression> where,
                             Optional<List<CompiledExpression>> partitionBy, Optional<AggregateStep> aggregate,
                             SourceKind kind, Optional<WindowInfo> window) {
        List<String> names = names(items);
        Integer[] keyPosition = new Integer[items.size()];
        boolean[] claimed = new boolean[keyAlternatives.size()];
        for (int i = 0; i < items.size(); i++) {
            Expression canon = ExpressionTrees.canonical(items.get(i).expression(), inputLayout);
            for (int k = 0; k < keyAlternatives.size(); k++) {
                if (!claimed[k] && keyAlternatives.get(k).contains(canon)) {
                    claimed[k] = true;
                    keyPosition[i] = k;
                    break;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int k = 0; k < claimed.length; k++) {
            if (!claimed[k]) {
                missing.add(describeKey(k));
            }
        }
        Column[] keyColumns = new Column[keyAlternatives.size()];
        int[] keyIndexes = new int[keyAlternatives.size()];
        List<Column> valueColumns = new ArrayList<>();
        List<Integer> valueIndexes = new ArrayList<>();
        List<Column> selectOrder = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            boolean key = keyPosition[i] != null;
            Column column = new Column(names.get(i), compiled.get(i).type(), key);
            selectOrder.add(column);
            if (key) {
                keyColumns[keyPosition[i]] = column;
                keyIndexes[keyPosition[i]] = i;
            } else {
                valueColumns.add(column);
                valueIndexes.add(i);
            }
        }
        List<Column> outputKey = new ArrayList<>();
        for (Column c : keyColumns) {
            if (c != null) {
                outputKey.add(c);
            }
        }
        int[] presentKeyIndexes = missing.isEmpty() ? keyIndexes : new int[0];
        if (!missing.isEmpty()) {
            // A push query need not select the key; its rows are shown in SELECT order and the key is not written.
            outputKey = List.of();
            selectOrder = selectOrder.stream().map(c -> new Column(c.name(), c.type(), false)).toList();
            valueColumns = selectOrder;
            valueIndexes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                valueIndexes.add(i);
            }
        }
        Projection projection = new Projection(selectOrder, compiled, presentKeyIndexes,
                valueIndexes.stream().mapToInt(Integer::intValue).toArray());
        AnalyzedQuery analyzed = new AnalyzedQuery(query, sources.stream().map(SourceRef::source).toList(), kind,
                new LogicalSchema(outputKey, valueColumns), selectOrder, window);
        return new QueryPlan(analyzed, from, join, inputLayout, where, partitionBy, aggregate, projection, missing);
    }

    private String describeKey(int k) {
        Expression e = keyAlternatives.get(k).get(0);
        return e instanceof ColumnRef c ? c.name() : "the expression in position " + (k + 1) + " of "
                + (query.groupBy().isEmpty() ? "PARTITION BY" : "GROUP BY");
    }

    /** Alias or column name, else ksqlDB's generated KSQL_COL_n (n counting up, skipping names in use). */
    private static List<String> names(List<Item> items) {
        Set<String> taken = new HashSet<>();
        for (Item item : items) {
            if (item.name() != null && !taken.add(item.name())) {
                throw new SqlException(item.position(), "the output has two columns called " + item.name()
                        + ": rename one with AS");
            }
        }
        List<String> names = new ArrayList<>();
        int next = 0;
        for (Item item : items) {
            if (item.name() != null) {
                names.add(item.name());
                continue;
            }
            while (taken.contains("KSQL_COL_" + next)) {
                next++;
            }
            names.add("KSQL_COL_" + next);
            taken.add("KSQL_COL_" + next);
        }
        return names;
    }
}
