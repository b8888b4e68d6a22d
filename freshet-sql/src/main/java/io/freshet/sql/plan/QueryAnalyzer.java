package io.freshet.sql.plan;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Expression.ColumnRef;
import io.freshet.sql.ast.Expression.Literal;
import io.freshet.sql.ast.Position;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.SelectItem;
import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.expr.ExpressionCompiler;
import io.freshet.sql.expr.RowLayout;
import io.freshet.sql.expr.RowLayout.Slot;
import io.freshet.sql.function.Functions;
import io.freshet.sql.plan.QueryPlan.AggregateStep;
import io.freshet.sql.plan.QueryPlan.JoinStep;
import io.freshet.sql.schema.Column;
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

    private static final String GROUP_SLOT = "KSQL_GROUPBY_";
    /** ksqlDB's grace period when a window does not give one. */
    private static final java.time.Duration DEFAULT_GRACE = java.time.Duration.ofHours(24);

    private final MetaStore metaStore;
    private final Query query;

    private FromClause fromClause;
    private SourceRef from;
    private List<JoinStep> joins;
    private RowLayout inputLayout;
    /** Per key position, the (canonical) expressions whose value is the record key there: the FROM clause's key
     *  until PARTITION BY or GROUP BY set another. */
    private List<List<Expression>> keyAlternatives = List.of();

    QueryAnalyzer(MetaStore metaStore, Query query) {
        this.metaStore = metaStore;
        this.query = query;
    }

    QueryPlan analyze() {
        fromClause = FromClause.resolve(metaStore, query.from());
        from = fromClause.from();
        joins = fromClause.joins();
        inputLayout = fromClause.inputLayout();
        keyAlternatives = fromClause.keyAlternatives();
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
        SourceKind kind = fromClause.isTable() ? SourceKind.TABLE : SourceKind.STREAM;
        return finish(items, compiled, where, partitionBy, Optional.empty(), kind, Optional.empty());
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
        if (fromClause.isTable()) {
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
                throw new SqlException(f.position(), "aggregate function " + f.name()
                        + " is not allowed in PARTITION BY");
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
        if (fromClause.isTable()) {
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

        AggregateRewriter rewriter = new AggregateRewriter(inputLayout, groupCanon, groupSlots);
        List<Item> items = selectItems();
        List<Expression> rewritten = new ArrayList<>();
        for (Item item : items) {
            rewritten.add(rewriter.rewrite(item.expression()));
        }
        Optional<Expression> having = query.having().map(rewriter::rewrite);

        List<Slot> slots = new ArrayList<>(groupSlots);
        for (int i = 0; i < rewriter.calls.size(); i++) {
            slots.add(new Slot(Optional.empty(), AggregateRewriter.AGG_SLOT + i,
                    rewriter.calls.get(i).function().returnType()));
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
        joins.forEach(j -> refs.add(j.other()));
        List<Item> items = new ArrayList<>();
        boolean matched = false;
        for (SourceRef ref : refs) {
            if (all.qualifier().isPresent() && !all.qualifier().get().equals(ref.qualifier())) {
                continue;
            }
            matched = true;
            for (Column c : ref.source().schema().columns()) {
                // ksqlDB names a joined row's columns after their side: R_DEVICE, D_ID.
                String name = !joins.isEmpty() ? ref.qualifier() + "_" + c.name() : c.name();
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
        AnalyzedQuery analyzed = new AnalyzedQuery(query,
                fromClause.sources().stream().map(SourceRef::source).toList(), kind,
                new LogicalSchema(outputKey, valueColumns), selectOrder, window);
        return new QueryPlan(analyzed, from, joins, inputLayout, where, partitionBy, aggregate, projection, missing);
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
