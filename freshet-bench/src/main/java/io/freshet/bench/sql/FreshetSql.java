package io.freshet.bench.sql;

import io.freshet.bench.launch.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Submits statements to a running Freshet broker as a user does: {@code java -jar freshet.jar sql
 * --bootstrap-server B -e 'STATEMENTS'} (one session per call, so each text starts with its SET). The broker's own
 * SQL engine runs the persistent queries; nothing of the SQL engine runs in this JVM.
 */
final class FreshetSql {

    /** Kafka Streams application.id (= consumer group) of a persistent query, as the engine names it. */
    static final String QUERY_GROUP_PREFIX = "_freshet_sql_query_";
    private static final int TIMEOUT_S = 60;

    private final Path jar;
    private final String bootstrap;

    FreshetSql(Path repoRoot, String bootstrap) {
        this.jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        this.bootstrap = bootstrap;
    }

    /** Runs the statements; returns what the command printed; throws with that output if it exits non-zero. */
    String run(String statements) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(JavaCommand.java(), "-Xmx256m", "-jar", jar.toString(), "sql",
            "--bootstrap-server", bootstrap, "-e", statements)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("freshet sql took over " + TIMEOUT_S + " s: " + statements);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("freshet sql exited " + process.exitValue() + ": " + output.strip());
        }
        return output;
    }

    /** TERMINATE the query behind a group found by {@link GroupProgress}, so it stops taking CPU. */
    void terminate(String groupId) throws IOException, InterruptedException {
        run("TERMINATE " + groupId.substring(QUERY_GROUP_PREFIX.length()) + ";");
    }
}
