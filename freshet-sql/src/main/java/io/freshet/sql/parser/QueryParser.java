package io.freshet.sql.parser;

import io.freshet.sql.ast.Expression;
import io.freshet.sql.ast.Query;
import io.freshet.sql.ast.Query.Relation;
import io.freshet.sql.ast.Query.SelectItem;
import io.freshet.sql.ast.Query.WindowSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code SELECT items FROM relation [WINDOW ...] [WHERE ...] [GROUP BY ...] [PARTITION BY ...] [HAVING ...]
 * [EMIT CHANGES|FINAL] [LIMIT n]}, clauses in that order (ksqlDB's). A clause written out of order gets an error
 * that gives the order, since "expected ';'" alone would not tell the user what is wrong.
 */
final class QueryParser {

    private static final Set<String> CLAUSES = Set.of("WINDOW", "WHERE", "GROUP", "PARTITION", "HAVING", "EMIT",
            "LIMIT", "FROM");

    private final TokenCursor cursor;
    private final ExpressionParser expressions;
    private final WindowParser windows;

    QueryParser(TokenCursor cursor) {
        this.cursor = cursor;
        this.expressions = new ExpressionParser(cursor);
        this.windows = new WindowParser(cursor);
    }

    Query query() {
        Token select = cursor.expectWord("SELECT");
        List<SelectItem> items = selectItems();
        Relation from = relation();
        Optional<WindowSpec> window = cursor.acceptWord("WINDOW") ? Optional.of(windows.window()) : Optional.empty();
        Optional<Expression> where = cursor.acceptWord("WHERE") ? Optional.of(expressions.expression())
                : Optional.empty();
        List<Expression> groupBy = byList("GROUP");
        List<Expression> partitionBy = byList("PARTITION");
        Optional<Expression> having = cursor.acceptWord("HAVING") ? Optional.of(expressions.expression())
                : Optional.empty();
        Optional<Query.EmitMode> emit = emit();
        OptionalInt limit = cursor.acceptWord("LIMIT") ? OptionalInt.of(limitCount()) : OptionalInt.empty();
        rejectMisplacedClause();
        return new Query(List.copyOf(items), from, window, where, groupBy, partitionBy, having, emit, limit,
                select.position());
    }

    /** The select list, up to and including FROM. */
    private List<SelectItem> selectItems() {
        List<SelectItem> items = new ArrayList<>();
        while (true) {
            items.add(selectItem());
            if (cursor.acceptWord("FROM")) {
                return items;
            }
            if (!cursor.acceptSymbol(",")) {
                throw cursor.expected("','", "FROM");
            }
        }
    }

    private SelectItem selectItem() {
        Token first = cursor.peek();
        if (cursor.acceptSymbol("*")) {
            return new SelectItem.AllColumns(Optional.empty(), first.position());
        }
        if (cursor.isIdentifier() && cursor.peek(1).isSymbol(".") && cursor.peek(2).isSymbol("*")) {
            String qualifier = cursor.identifier("a source name");
            cursor.advance();
            cursor.advance();
            return new SelectItem.AllColumns(Optional.of(qualifier), first.position());
        }
        Expression expression = expressions.expression();
        return new SelectItem.Single(expression, alias(), first.position());
    }

    /** {@code [AS] alias}; without AS any name that is not a reserved word is an alias. */
    private Optional<String> alias() {
        if (cursor.acceptWord("AS")) {
            return Optional.of(cursor.identifier("an alias"));
        }
        return cursor.isIdentifier() ? Optional.of(cursor.identifier("an alias")) : Optional.empty();
    }

    /** A source, then any joins, which nest to the left: {@code a JOIN b JOIN c} is {@code (a JOIN b) JOIN c}. */
    private Relation relation() {
        Relation relation = source();
        while (true) {
            Token joinStart = cursor.peek();
            Optional<Relation.JoinType> type = joinType();
            if (type.isEmpty()) {
                return relation;
            }
            Relation.Source right = source();
            // ksqlDB writes WITHIN before ON (JOIN b WITHIN 1 HOUR ON ...); after ON is taken too.
            Optional<Duration> within = within();
            cursor.expectWord("ON");
            Expression on = expressions.expression();
            if (within.isEmpty()) {
                within = within();
            }
            relation = new Relation.Join(relation, right, type.get(), on, within, joinStart.position());
        }
    }

    private Optional<Duration> within() {
        if (!cursor.acceptWord("WITHIN")) {
            return Optional.empty();
        }
        if (cursor.isSymbol("(")) {
            throw TokenCursor.error(cursor.peek(), "WITHIN (before, after) is not supported; "
                    + "expected one duration, e.g. WITHIN 1 HOUR");
        }
        Optional<Duration> within = Optional.of(windows.duration());
        if (cursor.isWord("GRACE")) {
            throw TokenCursor.error(cursor.peek(), "GRACE PERIOD on a join's WITHIN is not supported");
        }
        return within;
    }

    /** Consumes {@code [INNER] JOIN} or {@code LEFT [OUTER] JOIN}; empty when no join starts here. */
    private Optional<Relation.JoinType> joinType() {
        if (cursor.acceptWord("JOIN")) {
            return Optional.of(Relation.JoinType.INNER);
        }
        if (cursor.acceptWord("INNER")) {
            cursor.expectWord("JOIN");
            return Optional.of(Relation.JoinType.INNER);
        }
        if (cursor.acceptWord("LEFT")) {
            cursor.acceptWord("OUTER");
            cursor.expectWord("JOIN");
            return Optional.of(Relation.JoinType.LEFT);
        }
        if (cursor.isWord("RIGHT") || cursor.isWord("FULL") || cursor.isWord("CROSS")) {
            throw TokenCursor.error(cursor.peek(), cursor.peek().value()
                    + " JOIN is not supported; supported: [INNER] JOIN, LEFT [OUTER] JOIN");
        }
        return Optional.empty();
    }

    private Relation.Source source() {
        Token first = cursor.peek();
        String name = cursor.identifier("a stream or table name");
        Optional<String> alias = Optional.empty();
        if (cursor.acceptWord("AS")) {
            alias = Optional.of(cursor.identifier("an alias"));
        } else if (cursor.isIdentifier()) {
            alias = Optional.of(cursor.identifier("an alias"));
        }
        return new Relation.Source(name, alias, first.position());
    }

    /** {@code GROUP BY a, b} or {@code PARTITION BY a, b}; empty when the clause is absent. */
    private List<Expression> byList(String clause) {
        if (!cursor.acceptWord(clause)) {
            return List.of();
        }
        cursor.expectWord("BY");
        List<Expression> list = new ArrayList<>();
        do {
            list.add(expressions.expression());
        } while (cursor.acceptSymbol(","));
        return List.copyOf(list);
    }

    private Optional<Query.EmitMode> emit() {
        if (!cursor.acceptWord("EMIT")) {
            return Optional.empty();
        }
        return Optional.of(Query.EmitMode.valueOf(cursor.expectOneOf("CHANGES", "FINAL")));
    }

    private int limitCount() {
        Token token = cursor.peek();
        if (token.kind() != Token.Kind.INTEGER) {
            throw cursor.expected("a row count");
        }
        cursor.advance();
        Object count = ExpressionParser.number(token, false);
        if (!(count instanceof Integer n) || n <= 0) {
            throw TokenCursor.error(token, "LIMIT must be between 1 and " + Integer.MAX_VALUE);
        }
        return n;
    }

    /** A clause keyword after the query has ended can only be one written out of order (or twice). */
    private void rejectMisplacedClause() {
        Token token = cursor.peek();
        if (token.kind() == Token.Kind.WORD && CLAUSES.contains(token.value())) {
            throw TokenCursor.error(token, "unexpected " + token.describe() + ": a query's clauses come in this "
                    + "order, each at most once: SELECT, FROM, WINDOW, WHERE, GROUP BY, PARTITION BY, HAVING, "
                    + "EMIT, LIMIT");
        }
    }
}
