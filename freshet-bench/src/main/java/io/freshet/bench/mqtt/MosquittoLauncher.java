package io.freshet.bench.mqtt;

import io.freshet.bench.launch.FreePorts;
import io.freshet.bench.launch.JvmProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code mosquitto -c FILE} in the foreground on a free loopback port, with a config written for the
 * run (see {@link #config(int)}): nothing dropped or capped that Freshet would keep, nothing logged per connection.
 * Mosquitto never fsyncs (with persistence off it writes nothing at all), and it runs on one thread.
 */
final class MosquittoLauncher implements MqttBrokerLauncher {

    /** The mosquitto binary, Debian's package by default. */
    static final String BINARY = System.getProperty("bench.mosquitto", "/usr/sbin/mosquitto");
    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final MqttTarget column;
    private final Path logDir;

    /** @param column MOSQUITTO, or FRESHET for a dry run of the harness with Mosquitto in both columns */
    MosquittoLauncher(MqttTarget column, Path logDir) {
        this.column = column;
        this.logDir = logDir;
    }

    @Override
    public MqttTarget target() {
        return column;
    }

    /**
     * The config: a loopback listener, anonymous clients, no connection limit, the outbound in-flight window of
     * Freshet's default ({@code mqtt.max.inflight.messages=128}), queues that do not drop (the default 1000
     * queued messages per client drops QoS 0 and 1 messages to a slow subscriber), no persistence (its default),
     * TCP_NODELAY as Freshet sets it, and no log line per connection.
     */
    static String config(int port) {
        return String.join("\n",
            "# Written by io.freshet.bench.mqtt.MosquittoLauncher for one benchmark run.",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "max_connections -1",
            "max_inflight_messages 128",
            "max_queued_messages 1000000",
            "max_queued_bytes 0",
            "persistence false",
            "set_tcp_nodelay true",
            "connection_messages false",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "");
    }

    @Override
    public String settings() {
        return "`" + BINARY + " -c FILE` (" + version() + "), FILE:\n\n```\n" + config(1883).replace("1883", "PORT")
            + "```\n";
    }

    @Override
    public MqttBroker start(int round) throws Exception {
        int port = FreePorts.any();
        Path conf = Files.createTempFile("mqtt-bench-mosquitto-", ".conf");
        Files.writeString(conf, config(port));
        String name = column == MqttTarget.MOSQUITTO ? "mosquitto" : "mosquitto-as-freshet";
        Path log = logDir.resolve(name + "-round" + round + ".log");
        long launched = System.nanoTime();
        Process process = JvmProcesses.launch(List.of(BINARY, "-c", conf.toString()), log);
        MqttBroker.Stopper stopper = () -> {
            JvmProcesses.stop(process);
            Files.deleteIfExists(conf);
        };
        try {
            long answered = ConnackProbe.awaitConnack(port, START_TIMEOUT_MILLIS, process, () -> null);
            return new MqttBroker(column, port, process, false, log, null, (answered - launched) / 1e9, stopper);
        } catch (IOException | RuntimeException | InterruptedException e) {
            stopper.stop();
            throw new IOException("mosquitto did not start: " + e.getMessage() + "\n" + JvmProcesses.tail(log, 20), e);
        }
    }

    /** "mosquitto version 2.0.11", the first line of {@code mosquitto -h}; "unknown" if it cannot say. */
    static String version() {
        try {
            Process process = new ProcessBuilder(BINARY, "-h").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.SECONDS);
            return output.lines().filter(l -> l.contains("version")).findFirst().orElse("unknown").trim();
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
