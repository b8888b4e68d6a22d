package io.freshet.sql.cli;

import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.SqlType;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Renders a statement's result as ksqlDB's CLI does: a "Message" table for commands, listings for SHOW, the field
 * table (and with EXTENDED the source's details and its queries) for DESCRIBE. Push-query rows are printed as they
 * arrive by {@link SqlCommand}'s row sink, not here.
 */
public final class ResultPrinter {

    private static final Pattern EXTENDED = Pattern.compile("(?is)^\\s*DESCRIBE\\s+EXTENDED\\b.*");

    private ResultPrinter() {
    }

    /** The text for {@code result}; empty for a streamed result (its rows were printed already). */
    public static String render(StatementResult result) {
        if (result instanceof StatementResult.Done done) {
            return TablePrinter.listing(List.of("Message"), List.of(List.of(done.message())));
        }
        if (result instanceof StatementResult.Sources sources) {
            return sources(sources);
        }
        if (result instanceof StatementResult.Queries queries) {
            return queries(queries.queries());
        }
        if (result instanceof StatementResult.Topics topics) {
            List<List<String>> rows = new ArrayList<>();
            topics.topics().forEach(t -> rows.add(List.of(t.name(), Integer.toString(t.partitions()), "1")));
            return TablePrinter.listing(List.of("Kafka Topic", "Partitions", "Partition Replicas"), rows);
        }
        if (result instanceof StatementResult.Properties properties) {
            List<List<String>> rows = new ArrayList<>();
            properties.properties().forEach((k, v) -> rows.add(List.of(k, v)));
            return TablePrinter.listing(List.of("Property", "Value"), rows);
        }
        if (result instanceof StatementResult.Description description) {
            return describe(description, EXTENDED.matcher(description.statement()).matches());
        }
        if (result instanceof StatementResult.Failed failed) {
            return failed.error().describe() + "\n";
        }
        return "";
    }

    private static String sources(StatementResult.Sources sources) {
        List<List<String>> rows = new ArrayList<>();
        for (DataSource s : sources.sources()) {
            rows.add(List.of(s.name(), s.topic(), s.keyFormat().name(), s.valueFormat().name(),
                Boolean.toString(s.window().isPresent())));
        }
        String kind = sources.kind() == SourceKind.STREAM ? "Stream" : "Table";
        return TablePrinter.listing(List.of(kind + " Name", "Kafka Topic", "Key Format", "Value Format",
            "Windowed"), rows);
    }

    private static String queries(List<QueryInfo> queries) {
        List<List<String>> rows = new ArrayList<>();
        for (QueryInfo q : queries) {
            rows.add(List.of(q.id(), queryType(q.id()), q.state() + q.error().map(e -> " (" + e + ")").orElse(""),
                String.join(", ", q.sinks()), oneLine(q.sql())));
        }
        return TablePrinter.listing(List.of("Query ID", "Query Type", "Status", "Sink Name", "Query String"),
            rows);
    }

    private static String queryType(String id) {
        return id.startsWith("INSERTQUERY_") ? "PERSISTENT (INSERT)" : "PERSISTENT";
    }

    static String describe(StatementResult.Description d, boolean extended) {
        DataSource s = d.source();
        StringBuilder b = new StringBuilder();
        b.append(field("Name", s.name()));
        if (extended) {
            b.append(field("Type", s.kind().name()));
            b.append(field("Timestamp field", s.timestampColumn().orElse("Not set - using <ROWTIME>")));
            b.append(field("Key format", s.keyFormat().name()));
            b.append(field("Value format", s.valueFormat().name()));
            b.append(field("Kafka topic", s.topic()));
            s.window().ifPresent(w -> b.append(field("Window", w.type().name()
                + w.size().map(size -> " " + size.toMillis() + " ms").orElse(""))));
            b.append(field("Statement", oneLine(s.sql())));
            b.append('\n');
        }
        List<List<String>> rows = new ArrayList<>();
        String keyMark = s.kind() == SourceKind.TABLE ? "  (primary key)" : "  (key)";
        for (Column c : s.schema().key()) {
            rows.add(List.of(c.name(), typeName(c.type()) + keyMark));
        }
        for (Column c : s.schema().value()) {
            rows.add(List.of(c.name(), typeName(c.type())));
        }
        b.append(TablePrinter.listing(List.of("Field", "Type"), rows));
        if (!extended) {
            b.append("For runtime statistics and query details run: DESCRIBE <Stream,Table> EXTENDED;\n");
            return b.toString();
        }
        String kind = s.kind().name();
        b.append('\n').append(queryList("Queries that read from this " + kind, d.readers()));
        b.append('\n').append(queryList("Queries that write from this " + kind, d.writers()));
        long malformed = 0;
        long late = 0;
        for (QueryInfo q : d.writers()) {
            malformed += q.malformedRecords();
            late += q.lateRecords();
        }
        for (QueryInfo q : d.readers()) {
            malformed += q.malformedRecords();
            late += q.lateRecords();
        }
        b.append('\n').append("Runtime statistics\n").append("------------------\n")
            .append("malformed records skipped: ").append(malformed).append("   late records dropped: ")
            .append(late).append('\n');
        return b.toString();
    }

    private static String queryList(String title, List<QueryInfo> queries) {
        StringBuilder b = new StringBuilder(title).append('\n').append("-".repeat(title.length())).append('\n');
        for (QueryInfo q : queries) {
            b.append(q.id()).append(" (").append(q.state()).append(") : ").append(oneLine(q.sql())).append('\n');
        }
        return b.toString();
    }

    /** As ksqlDB's DESCRIBE: VARCHAR(STRING) for strings, the type name otherwise. */
    static String typeName(SqlType type) {
        return type == SqlType.STRING ? "VARCHAR(STRING)" : type.displayName();
    }

    private static String field(String name, String value) {
        return String.format(Locale.ROOT, "%-20s : %s%n", name, value);
    }

    static String oneLine(String sql) {
        return sql.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    /** A value in a push query's row: SQL NULL as {@code null}, anything else as its text. */
    static String value(Object v) {
        return v == null ? "null" : v.toString();
    }
}
