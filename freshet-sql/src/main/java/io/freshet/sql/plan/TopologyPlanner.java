package io.freshet.sql.plan;

import io.freshet.sql.ast.Query.WindowSpec;
import io.freshet.sql.expr.CompiledExpression;
import io.freshet.sql.format.SqlSerdes;
import io.freshet.sql.schema.DataSource;
import io.freshet.sql.schema.Format;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindowedSerializer;
import org.apache.kafka.streams.kstream.TimeWindowedSerializer;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams topology of one {@link QueryPlan}. Every stage ends in a stream of <em>selections</em>
 * (the SELECT list evaluated, in SELECT order; null for a deleted key) keyed by the output key; a persistent query
 * writes the value columns of each to the sink topic, a push query hands them to its {@link TransientSink}.
 * Sources are read by {@link SourceStages}, joins built by {@link JoinStages}, GROUP BY by {@link AggregateStage}.
 *
 * <p>Names: processors, stores and internal topics have fixed role names ({@code Aggregate-GroupBy},
 * {@code Aggregate-Aggregate-Materialize}, {@code Join}), as ksqlDB names them; the query id is in the Kafka
 * Streams application.id, so internal topics read {@code _freshet_sql_query_CTAS_X_3-Aggregate-GroupBy-repartition}
 * and a restarted query finds the same stores and topics. Stores are in-memory ({@link Stores#inMemoryKeyValueStore}
 * and friends), restored from their changelog topics on restart: no RocksDB.
 */
final class TopologyPlanner {

    private final QueryPlan plan;
    private final StreamsBuilder builder;

    TopologyPlanner(QueryPlan plan, String queryId) {
        this.plan = plan;
        this.builder = new StreamsBuilder(new TopologyConfig(buildConfig(queryId)));
    }

    /**
     * Settings the topology is built with (the running application's own config replaces them, except what is
     * decided at build time): DSL stores in memory, and Kafka Streams refuses to build if any repartition topic,
     * changelog or store would get a generated name -- generated names shift when a query's shape changes, and a
     * restarted query must find its state under the same names.
     */
    private static StreamsConfig buildConfig(String queryId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "_freshet_sql_query_" + queryId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new QuietStreamsConfig(props);
    }

    /** Not logged: these are build-time settings, not the application's; the application logs its own. */
    private static final class QuietStreamsConfig extends StreamsConfig {
        QuietStreamsConfig(Properties props) {
            super(props, false);
        }
    }

    Topology persistent(SinkSpec sink) {
        Projection projection = plan.projection();
        selections().mapValues(selection -> selection == null ? null : projection.value(selection),
                        Named.as("Project-Value"))
                .to(sink.topic(), Produced.with(sinkKeySerde(sink), sinkValueSerde(sink)).withName("Sink"));
        return builder.build();
    }

    Topology transientQuery(TransientSink sink) {
        Projection projection = plan.projection();
        selections().foreach((key, selection) -> {
            Object[] row = selection != null ? selection : projection.tombstone(keyColumns(key));
            sink.accept(Collections.unmodifiableList(Arrays.asList(row)));
        }, Named.as("Transient-Sink"));
        return builder.build();
    }

    static Object[] keyColumns(Object key) {
        if (key instanceof Windowed<?> w) {
            return (Object[]) w.key();
        }
        return (Object[]) key;
    }

    // ---- the pipeline

    private KStream<Object, Object[]> selections() {
        if (plan.aggregate().isPresent()) {
            return new AggregateStage(plan.aggregate().get(), plan.projection()).selections(filtered(inputRows()));
        }
        if (plan.joins().isEmpty() && plan.from().source().kind() == io.freshet.sql.ast.SourceKind.TABLE) {
            return tableSelections();
        }
        Projection projection = plan.projection();
        boolean keyed = !plan.analyzed().outputSchema().key().isEmpty();
        return filtered(inputRows()).map((key, row) -> {
            Object[] selection = projection.select(row);
            return KeyValue.pair((Object) (keyed ? projection.key(selection) : null), selection);
        }, Named.as(plan.partitionBy().isPresent() ? "PartitionBy-Project" : "Project"));
    }

    /** The FROM stream as input rows, then through each JOIN in turn. */
    private KStream<Object[], Object[]> inputRows() {
        SourceRef from = plan.from();
        KStream<Object[], Object[]> rows = builder.stream(from.source().topic(), SourceStages.consumed(from))
                .processValues(() -> new SourceRowProcessor(from.keyCount(), from.source().schema().value().size()),
                        Named.as(from.processorName() + "-Row"));
        JoinStages joins = new JoinStages(builder);
        for (QueryPlan.JoinStep step : plan.joins()) {
            rows = joins.join(rows, step);
        }
        return rows;
    }

    private KStream<Object[], Object[]> filtered(KStream<Object[], Object[]> rows) {
        if (plan.where().isEmpty()) {
            return rows;
        }
        CompiledExpression where = plan.where().get();
        return rows.filter((key, row) -> Boolean.TRUE.equals(where.evaluate(row)), Named.as("Where"));
    }

    // ---- a TABLE without aggregation

    private KStream<Object, Object[]> tableSelections() {
        SourceRef from = plan.from();
        DataSource s = from.source();
        Projection projection = plan.projection();
        CompiledExpression where = plan.where().orElse(null);
        KTable<Object[], Object[]> table = builder.table(s.topic(), SourceStages.consumed(from),
                Materialized.<Object[], Object[]>as(
                                Stores.inMemoryKeyValueStore(from.processorName() + "-Store"))
                        .withKeySerde(SqlSerdes.key(s.keyFormat(), s.schema().key()))
                        .withValueSerde(SqlSerdes.value(s.valueFormat(), s.schema().value())));
        KTable<Object[], Object[]> selected = table
                .transformValues(() -> new TableRowTransformer(from.keyCount(), s.schema().value().size()),
                        Named.as(from.processorName() + "-Row"))
                .mapValues(row -> row == null || (where != null && !Boolean.TRUE.equals(where.evaluate(row)))
                        ? null : projection.select(row), Named.as("Project"));
        return widen(selected.toStream(Named.as("ToStream")));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static KStream<Object, Object[]> widen(KStream<?, Object[]> stream) {
        return (KStream<Object, Object[]>) (KStream) stream;
    }

    // ---- sink serdes

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Serde<Object> sinkKeySerde(SinkSpec sink) {
        List<io.freshet.sql.schema.Column> key = plan.analyzed().outputSchema().key();
        Serde<Object[]> inner = key.isEmpty() ? SqlSerdes.key(Format.NONE, key) : SqlSerdes.key(sink.keyFormat(), key);
        if (plan.aggregate().isEmpty() || plan.aggregate().get().window().isEmpty()) {
            return (Serde<Object>) (Serde) inner;
        }
        boolean session = plan.aggregate().get().window().get() instanceof WindowSpec.Session;
        // Kafka Streams' windowed serializers: key bytes + 8-byte big-endian start (time windows), key bytes +
        // end + start (session windows) -- the layout ksqlDB writes, so its consumers read ours.
        var serializer = session ? new SessionWindowedSerializer<>(inner.serializer())
                : new TimeWindowedSerializer<>(inner.serializer());
        return (Serde<Object>) (Serde) Serdes.serdeFrom(serializer, (topic, bytes) -> {
            throw new UnsupportedOperationException("the sink key is only written");
        });
    }

    private Serde<Object[]> sinkValueSerde(SinkSpec sink) {
        return SqlSerdes.value(sink.valueFormat(), plan.analyzed().outputSchema().value());
    }

}
