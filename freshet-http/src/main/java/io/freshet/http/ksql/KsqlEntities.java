package io.freshet.http.ksql;

import io.freshet.sql.ast.SourceKind;
import io.freshet.sql.ast.Statement;
import io.freshet.sql.parser.SqlParser;
import io.freshet.sql.schema.Column;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.session.QueryInfo;
import io.freshet.sql.session.StatementResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A statement's result as the entity ksqlDB's {@code POST /ksql} answers for it, tagged by {@code @type}:
 * {@code currentStatus} (CREATE, INSERT, DROP, TERMINATE, SET), {@code streams} / {@code tables}, {@code queries},
 * {@code kafka_topics}, {@code properties}, {@code sourceDescription}. Members ksqlDB has and Freshet cannot fill
 * (statistics, replication) are there with empty values, so clients that read them find them.
 */
final class KsqlEntities {

    private KsqlEntities() {
    }

    static Map<String, Object> of(StatementResult result) {
        if (result instanceof StatementResult.Done done) {
            return currentStatus(done);
        }
        if (result instanceof StatementResult.Sources sources) {
            return sources(sources);
        }
        if (result instanceof StatementResult.Queries queries) {
            return entity("queries", queries.statement(), "queries",
                queries.queries().stream().map(KsqlEntities::query).toList());
        }
        if (result instanceof StatementResult.Topics topics) {
            return entity("kafka_topics", topics.statement(), "topics",
                topics.topics().stream().map(KsqlEntities::topic).toList());
        }
        if (result instanceof StatementResult.Properties properties) {
            return properties(properties);
        }
        if (result instanceof StatementResult.Description description) {
            return description(description);
        }
        throw new IllegalArgumentException("no /ksql entity for " + result.getClass().getSimpleName());
    }

    private static Map<String, Object> entity(String type, String statement, String member, Object value) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("@type", type);
        entity.put("statementText", statement);
        entity.put(member, value);
        entity.put("warnings", List.of());
        return entity;
    }

    private static Map<String, Object> currentStatus(StatementResult.Done done) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", "SUCCESS");
        status.put("message", done.message());
        status.put("queryId", done.queryId().orElse(null));
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("@type", "currentStatus");
        entity.put("statementText", done.statement());
        entity.put("commandId", commandId(done.statement()));
        entity.put("commandStatus", status);
        entity.put("commandSequenceNumber", -1);
        entity.put("warnings", List.of());
        return entity;
    }

    /**
     * ksqlDB's command id, {@code TYPE/NAME/ACTION} ({@code stream/HOT/create}, {@code table/T/drop},
     * {@code terminate/CSAS_HOT_1/execute}), from the statement itself.
     */
    static String commandId(String statementText) {
        Statement statement;
        try {
            List<Statement> parsed = SqlParser.parse(statementText);
            if (parsed.isEmpty()) {
                return "statement//execute";
            }
            statement = parsed.get(0);
        } catch (RuntimeException e) {
            return "statement//execute"; // it ran, so it parses; this only guards the id
        }
        if (statement instanceof Statement.CreateSource create) {
            return kind(create.kind()) + "/" + create.name() + "/create";
        }
        if (statement instanceof Statement.CreateAsSelect create) {
            return kind(create.kind()) + "/" + create.name() + "/create";
        }
        if (statement instanceof Statement.InsertInto insert) {
            return "stream/" + insert.target() + "/create";
        }
        if (statement instanceof Statement.DropSource drop) {
            return kind(drop.kind()) + "/" + drop.name() + "/drop";
        }
        if (statement instanceof Statement.Terminate terminate) {
            return "terminate/" + terminate.queryId().orElse("ALL") + "/execute";
        }
        if (statement instanceof Statement.SetProperty set) {
            return "property/" + set.name() + "/set";
        }
        if (statement instanceof Statement.UnsetProperty unset) {
            return "property/" + unset.name() + "/unset";
        }
        return "statement//execute";
    }

    private static String kind(SourceKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> sources(StatementResult.Sources sources) {
        boolean tables = sources.kind() == SourceKind.TABLE;
        List<Map<String, Object>> list = new ArrayList<>();
        for (DataSource source : sources.sources()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", source.kind().name());
            item.put("name", source.name());
            item.put("topic", source.topic());
            item.put("keyFormat", source.keyFormat().name());
            item.put("valueFormat", source.valueFormat().name());
            item.put("isWindowed", source.window().isPresent());
            list.add(item);
        }
        return entity(tables ? "tables" : "streams", sources.statement(), tables ? "tables" : "streams", list);
    }

    /** SHOW QUERIES' item, also DESCRIBE's read and write queries; the counters are Freshet's own members. */
    private static Map<String, Object> query(QueryInfo query) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("queryString", query.sql());
        item.put("sinks", query.sinks());
        item.put("id", query.id());
        item.put("statusCount", Map.of(query.state(), 1));
        item.put("queryType", "PERSISTENT");
        item.put("state", query.state());
        item.put("errorMessage", query.error().orElse(null));
        item.put("malformedRecords", query.malformedRecords());
        item.put("lateRecords", query.lateRecords());
        return item;
    }

    private static Map<String, Object> topic(StatementResult.TopicInfo topic) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("name", topic.name());
        item.put("replicaInfo", java.util.Collections.nCopies(topic.partitions(), 1));
        return item;
    }

    private static Map<String, Object> properties(StatementResult.Properties properties) {
        List<Map<String, Object>> list = new ArrayList<>();
        properties.properties().forEach((name, value) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name);
            item.put("scope", "KSQL");
            item.put("value", value);
            list.add(item);
        });
        Map<String, Object> entity = entity("properties", properties.statement(), "properties", list);
        entity.put("overwrittenProperties", List.of());
        entity.put("defaultProperties", List.of());
        return entity;
    }

    private static Map<String, Object> description(StatementResult.Description description) {
        DataSource source = description.source();
        boolean extended = description.statement().toUpperCase(Locale.ROOT).matches("(?s)\\s*DESCRIBE\\s+EXTENDED\\b.*");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", source.name());
        body.put("windowType", source.window().map(w -> w.type().name()).orElse(null));
        body.put("readQueries", description.readers().stream().map(KsqlEntities::query).toList());
        body.put("writeQueries", description.writers().stream().map(KsqlEntities::query).toList());
        body.put("fields", source.schema().columns().stream().map(KsqlEntities::field).toList());
        body.put("type", source.kind().name());
        body.put("timestamp", source.timestampColumn().orElse(""));
        body.put("statistics", "");
        body.put("errorStats", extended ? errorStats(description) : "");
        body.put("extended", extended);
        body.put("keyFormat", source.keyFormat().name());
        body.put("valueFormat", source.valueFormat().name());
        body.put("topic", source.topic());
        body.put("partitions", 0);
        body.put("replication", 0);
        body.put("statement", source.sql());
        return entity("sourceDescription", description.statement(), "sourceDescription", body);
    }

    /** The writers' and readers' skipped records, as DESCRIBE EXTENDED shows them. */
    private static String errorStats(StatementResult.Description description) {
        long malformed = 0;
        long late = 0;
        for (QueryInfo query : description.readers()) {
            malformed += query.malformedRecords();
            late += query.lateRecords();
        }
        return "malformed-records: " + malformed + " late-records: " + late;
    }

    private static Map<String, Object> field(Column column) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", column.type().displayName());
        schema.put("fields", null);
        schema.put("memberSchema", null);
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("name", column.name());
        field.put("schema", schema);
        if (column.key()) {
            field.put("type", "KEY");
        }
        return field;
    }
}
