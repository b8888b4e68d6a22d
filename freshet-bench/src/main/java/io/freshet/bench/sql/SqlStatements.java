package io.freshet.bench.sql;

/** The statements Freshet runs: the issue's, word for word, over a stream declared on the loaded topic. */
final class SqlStatements {

    static final String EARLIEST = "SET 'auto.offset.reset'='earliest';\n";

    private SqlStatements() {
    }

    /**
     * The readings stream, without TIMESTAMP='ts': the loader sets each record's timestamp to its TS, and
     * the hand-written topologies use the record timestamp too, so neither parses a value twice.
     */
    static String readings(String name, String topic) {
        return "CREATE STREAM " + name + " (device VARCHAR KEY, temp DOUBLE, ts BIGINT) WITH (KAFKA_TOPIC='" + topic
            + "', VALUE_FORMAT='JSON');\n";
    }

    static String alert(String sink, String source) {
        return "CREATE STREAM " + sink + " AS SELECT device, temp FROM " + source + " WHERE temp > 80 EMIT CHANGES;\n";
    }

    static String perMinute(String sink, String source) {
        return "CREATE TABLE " + sink + " AS SELECT device, WINDOWSTART AS ws, WINDOWEND AS we, COUNT(*) AS n,"
            + " SUM(temp) AS total, AVG(temp) AS mean, MIN(temp) AS lo, MAX(temp) AS hi FROM " + source
            + " WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 10 SECONDS) GROUP BY device EMIT FINAL;\n";
    }
}
