package io.freshet.it.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.it.UniqueNames;
import io.freshet.sql.cli.SqlCommand;
import io.freshet.sql.cli.StopSignal;
import io.freshet.testkit.FreshetExtension;
import io.freshet.testkit.FreshetOnly;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code freshet sql} in process, against an embedded broker: what a user sees on stdout and stderr. */
class SqlCommandTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int sql(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", FRESHET.bootstrapServers()));
        all.addAll(List.of(args));
        return SqlCommand.run(all, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true), new PrintWriter(err, true), StopSignal.manual());
    }

    @Test
    void shouldPrintMessagesAndTablesAsKsqlDbsCli() {
        // A name of its own: against an external broker the catalog is shared with every other test's streams.
        String topic = UniqueNames.of("cli_readings").replace('-', '_');
        String stream = topic.toUpperCase(java.util.Locale.ROOT);
        int code = sql("", "-e", "CREATE STREAM " + topic + " (device VARCHAR KEY, temp DOUBLE) WITH"
            + " (KAFKA_TOPIC='" + topic + "', VALUE_FORMAT='JSON', PARTITIONS=1); DESCRIBE " + topic + ";");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(String.join("\n",
            " Message        ",
            "----------------",
            " Stream created ",
            "----------------",
            "Name                 : " + stream,
            " Field  | Type                   ",
            "---------------------------------",
            " DEVICE | VARCHAR(STRING)  (key) ",
            " TEMP   | DOUBLE                 ",
            "---------------------------------",
            "For runtime statistics and query details run: DESCRIBE <Stream,Table> EXTENDED;",
            ""));
    }

    @Test
    void shouldListStreamsAsATableWithARowPerStream() {
        String topic = UniqueNames.of("cli_listed").replace('-', '_');
        assertThat(sql("", "-e", "CREATE STREAM " + topic + " (device VARCHAR KEY, temp DOUBLE) WITH"
            + " (KAFKA_TOPIC='" + topic + "', VALUE_FORMAT='JSON', PARTITIONS=1);")).isZero();
        out.getBuffer().setLength(0);

        int code = sql("", "-e", "SHOW STREAMS;");

        assertThat(err.toString()).isEmpty();
        assertThat(code).isEqualTo(0);
        // Columns are as wide as their longest value, and the other streams on the broker are listed too.
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches(" Stream Name +\\| Kafka Topic +\\| Key Format \\| Value Format \\| Windowed ");
        assertThat(lines.get(1)).matches("-+");
        assertThat(lines).anyMatch(line -> line.matches(" " + topic.toUpperCase(java.util.Locale.ROOT) + " +\\| "
            + topic + " +\\| KAFKA +\\| JSON +\\| false +"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(lines.get(1));
    }

    @Test
    void shouldExitWith1AndNameTheLineAndColumnOfTheFailingStatement() {
        int code = sql("SHOW STREAMS;\nCREATE STREAM bad (a INT) WITH (KAFKA_TOPIC='nowhere', VALUE_FORMAT='JSON');\n"
            + "SHOW TABLES;\n");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Statement failed: CREATE STREAM bad (a INT) WITH"
            + " (KAFKA_TOPIC='nowhere', VALUE_FORMAT='JSON')\n"
            + "line 2, column 1: Kafka topic does not exist: nowhere\n");
        assertThat(out.toString()).startsWith(" Stream Name ").doesNotContain("Table Name");
    }

    @Test
    @FreshetOnly("persistent queries run in Freshet's in-broker SQL engine (on Kafka: freshet sql --standalone)")
    void shouldWaitForTheBrokersEngineToRunANewQueryWithoutAWarning() {
        int code = sql("", "-e", "CREATE STREAM cli_src (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='cli_src',"
            + " VALUE_FORMAT='JSON', PARTITIONS=1);"
            + " CREATE STREAM cli_big AS SELECT id, v FROM cli_src WHERE v > 1;");

        assertThat(code).isEqualTo(0);
        assertThat(err.toString()).isEmpty(); // no "no SQL engine has picked up query" warning
        assertThat(out.toString()).contains(" Created query with ID CSAS_CLI_BIG_");
    }

    @Test
    void shouldEndAPushQueryCleanlyOnCtrlCAndRunNothingAfterIt() throws Exception {
        // A name of its own: against an external broker a stream left by an earlier run would already exist.
        String topic = UniqueNames.of("cli_push").replace('-', '_');
        sql("", "-e", "CREATE STREAM " + topic + " (id VARCHAR KEY, v INT) WITH (KAFKA_TOPIC='" + topic + "',"
            + " VALUE_FORMAT='JSON', PARTITIONS=1);");
        SinkRecords.produce(FRESHET.bootstrapServers(), topic, List.<String[]>of(
            new String[] {"k1", "{\"V\":1}"}, new String[] {"k2", "{\"V\":2}"}));
        java.util.Set<String> transientBefore = transientQueryGroups();
        StopSignal ctrlC = StopSignal.manual();
        StringWriter pushOut = new StringWriter();
        java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> SqlCommand.run(List.of("--bootstrap-server", FRESHET.bootstrapServers(), "-e",
                "SET 'auto.offset.reset'='earliest'; SELECT id, v FROM " + topic + " EMIT CHANGES; DROP STREAM "
                    + topic + ";"),
                new ByteArrayInputStream(new byte[0]), new PrintWriter(pushOut, true), new PrintWriter(err, true),
                ctrlC));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
            .until(() -> pushOut.toString().contains("|k2"));

        ctrlC.stop();

        assertThat(code.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(0);
        assertThat(pushOut.toString()).endsWith(String.join("\n",
            "+------------+------------+",
            "|ID          |V           |",
            "+------------+------------+",
            "|k1          |1           |",
            "|k2          |2           |",
            "Query terminated",
            ""));
        out.getBuffer().setLength(0);
        sql("", "-e", "SHOW STREAMS;");
        // the DROP after the push query did not run
        assertThat(out.toString()).contains(" " + topic.toUpperCase(java.util.Locale.ROOT) + " ");
        // the push query's group is gone (an external broker may still list groups other tests left)
        assertThat(transientQueryGroups()).isSubsetOf(transientBefore);
    }

    private static java.util.Set<String> transientQueryGroups() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", FRESHET.bootstrapServers()))) {
            return admin.listGroups().all().get().stream()
                .map(org.apache.kafka.clients.admin.GroupListing::groupId)
                .filter(g -> g.startsWith("_freshet_sql_transient_"))
                .collect(java.util.stream.Collectors.toSet());
        }
    }
}
