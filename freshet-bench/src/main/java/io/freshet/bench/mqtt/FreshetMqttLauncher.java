package io.freshet.bench.mqtt;

import io.freshet.bench.launch.FreePorts;
import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.launch.JavaCommand;
import io.freshet.bench.launch.JvmProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code freshet-server/target/freshet.jar server --mqtt-port P} in its own JVM with the {@code ./freshet}
 * launcher's JVM options (as {@link FreshetLauncher} does for the Kafka benchmarks), Kafka on another free port,
 * a fresh data directory deleted when it stops, broker defaults otherwise (so QoS 1 PUBACKs wait for the fsync).
 */
final class FreshetMqttLauncher implements MqttBrokerLauncher {

    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Path repoRoot;
    private final Path jar;
    private final Path logDir;
    private final FreshetLauncher kafkaLauncher;

    FreshetMqttLauncher(Path repoRoot, Path logDir) {
        this.repoRoot = repoRoot;
        this.jar = repoRoot.resolve("freshet-server/target/freshet.jar");
        this.logDir = logDir;
        this.kafkaLauncher = new FreshetLauncher(repoRoot, logDir);
    }

    @Override
    public MqttTarget target() {
        return MqttTarget.FRESHET;
    }

    @Override
    public String settings() {
        String opts = String.join(" ", kafkaLauncher.javaOptions()).replace(repoRoot + "/", "");
        return "`java " + opts + " -jar freshet-server/target/freshet.jar server --port P1 --mqtt-port P2"
            + " --data-dir <fresh temp dir>` (the `./freshet` launcher's JVM options; " + kafkaLauncher.archiveState()
            + "); broker and `mqtt.*` defaults otherwise (`mqtt.max.inflight.messages=128`,"
            + " `mqtt.receive.maximum=128`, topics auto-created with the broker's default partition count); the data"
            + " dir is deleted after each round.\n";
    }

    /** A build whose server has no MQTT listener says "MQTT off" in its start-up line: no use waiting then. */
    private static String saysMqttOff(Path log) {
        try {
            return Files.readString(log).contains("MQTT off")
                ? "Freshet started without an MQTT listener (its start-up line says \"MQTT off\"): this build has none"
                : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public MqttBroker start(int round) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./freshet build");
        }
        int kafkaPort = FreePorts.any();
        int mqttPort = FreePorts.any();
        while (mqttPort == kafkaPort) {
            mqttPort = FreePorts.any();
        }
        Path dataDir = Files.createTempDirectory("mqtt-bench-freshet-");
        Path log = logDir.resolve("freshet-round" + round + ".log");
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(kafkaLauncher.javaOptions());
        command.addAll(List.of("-jar", jar.toString(), "server", "--port", Integer.toString(kafkaPort),
            "--mqtt-port", Integer.toString(mqttPort), "--http-port", "0", "--data-dir", dataDir.toString()));
        long launched = System.nanoTime();
        Process process = JvmProcesses.launch(command, log);
        MqttBroker.Stopper stopper = () -> {
            JvmProcesses.stop(process);
            JvmProcesses.deleteTree(dataDir);
        };
        try {
            long answered = ConnackProbe.awaitConnack(mqttPort, START_TIMEOUT_MILLIS, process,
                () -> saysMqttOff(log));
            return new MqttBroker(MqttTarget.FRESHET, mqttPort, process, true, log, "127.0.0.1:" + kafkaPort,
                (answered - launched) / 1e9, stopper);
        } catch (IOException | RuntimeException | InterruptedException e) {
            stopper.stop();
            throw new IOException("Freshet did not start: " + e.getMessage() + "\n" + JvmProcesses.tail(log, 20), e);
        }
    }
}
