package io.freshet.bench.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts and stops Apache Kafka through the anchor script ({@code kafka.sh start PORT} / {@code kafka.sh stop}),
 * with its default config or with {@code KAFKA_ANCHOR_FSYNC=1} (fsync after every append). The start-up time is
 * the one the script prints ("ready: answered ApiVersions ... X s after launch": launch of the broker JVM, after
 * storage formatting, to its first ApiVersions answer, polled every 0.1 s by a bash probe). The pid comes from
 * the script's "launched kafka.Kafka, pid N" line. {@code stop} deletes the data directory that start created.
 */
public final class KafkaAnchorLauncher implements BrokerLauncher {

    private static final int PREFERRED_PORT = 19092;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;
    private static final Pattern PID = Pattern.compile("launched kafka\\.Kafka, pid (\\d+)");
    private static final Pattern READY = Pattern.compile("ready: answered ApiVersions .* ([0-9.]+) s after launch");

    private final Path script;
    private final boolean fsync;
    private final Path logDir;
    private final int preferredPort;

    public KafkaAnchorLauncher(Path script, boolean fsync, Path logDir) {
        this(script, fsync, logDir, PREFERRED_PORT);
    }

    /** Tries {@code preferredPort} (and the next, for the controller) first, for helpers that share the machine. */
    public KafkaAnchorLauncher(Path script, boolean fsync, Path logDir, int preferredPort) {
        this.script = script;
        this.fsync = fsync;
        this.logDir = logDir;
        this.preferredPort = preferredPort;
    }

    @Override
    public Target target() {
        return fsync ? Target.KAFKA_FSYNC : Target.KAFKA;
    }

    @Override
    public RunningBroker start(int round) throws Exception {
        int port = FreePorts.pairFrom(preferredPort);
        Path log = logDir.resolve((fsync ? "kafka-fsync" : "kafka") + "-round" + round + ".log");
        String output;
        try {
            output = runScript(log, START_TIMEOUT_SECONDS, "start", Integer.toString(port));
        } catch (IOException e) {
            stop(round);   // a timed-out script may have left the broker running
            throw e;
        }
        Matcher pid = PID.matcher(output);
        Matcher ready = READY.matcher(output);
        if (!pid.find() || !ready.find()) {
            stop(round);
            throw new IOException("kafka.sh start did not report a ready broker:\n" + output);
        }
        return new RunningBroker(target(), port, Long.parseLong(pid.group(1)), Double.parseDouble(ready.group(1)),
            () -> stop(round));
    }

    private void stop(int round) throws IOException, InterruptedException {
        runScript(logDir.resolve("kafka-stop-round" + round + ".log"), STOP_TIMEOUT_SECONDS, "stop");
    }

    /** Runs the anchor script, bounded; returns its output; throws if it fails or times out. */
    private String runScript(Path log, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("KAFKA_ANCHOR_FSYNC", fsync ? "1" : "0");
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("kafka.sh " + args[0] + " took over " + timeoutSeconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IOException("kafka.sh " + args[0] + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return output;
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
