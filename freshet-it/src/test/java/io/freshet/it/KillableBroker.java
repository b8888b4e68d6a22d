package io.freshet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.ExternalBroker;
import io.freshet.testkit.FreshetProcess;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;

/**
 * A broker in its own process that can be killed with SIGKILL and started again on the same data.
 *
 * <p>By default a {@link FreshetProcess} with {@link GroupBrokers#BROKER_PROPERTIES}. With
 * {@code -Dfreshet.it.kafkaServerProperties=FILE} and {@code -Dfreshet.it.kafkaClasspath='DIR/*'} it is Apache Kafka
 * instead ({@code kafka.Kafka FILE}, a formatted single-node KRaft broker, killed and started the same way), to check
 * a test against Kafka. {@link #startOrExternal} also accepts {@code -Dfreshet.it.bootstrap=HOST:PORT}: a broker the
 * test cannot kill ({@link #killable()} is false), for tests that can skip their broker-kill step.
 */
interface KillableBroker {

    String KAFKA_SERVER_PROPERTIES = "freshet.it.kafkaServerProperties";
    String KAFKA_CLASSPATH = "freshet.it.kafkaClasspath";

    String bootstrap();

    /** False for an external broker given by bootstrap only: {@link #kill()} and {@link #restart()} then fail. */
    default boolean killable() {
        return true;
    }

    void kill() throws Exception;

    void restart() throws Exception;

    String describe();

    /** Kafka from {@value #KAFKA_SERVER_PROPERTIES} if set, else a Freshet process on {@code dataDir}. */
    static KillableBroker start(Path dataDir) throws Exception {
        String kafkaProperties = System.getProperty(KAFKA_SERVER_PROPERTIES, "").strip();
        return kafkaProperties.isEmpty() ? new Freshet(dataDir) : new Kafka(Path.of(kafkaProperties));
    }

    /** As {@link #start}, but an external broker ({@link ExternalBroker}) comes first. */
    static KillableBroker startOrExternal(Path dataDir) throws Exception {
        Optional<String> external = ExternalBroker.bootstrap();
        if (external.isPresent() && System.getProperty(KAFKA_SERVER_PROPERTIES, "").isBlank()) {
            return new External(external.get());
        }
        return start(dataDir);
    }

    /** A Freshet broker process on a fixed port, restarted on the same data directory. */
    final class Freshet implements KillableBroker {
        private final Path dataDir;
        private final int port = FreshetProcess.freePort();
        private FreshetProcess process;

        Freshet(Path dataDir) {
            this.dataDir = dataDir;
            process = FreshetProcess.start(dataDir, port, GroupBrokers.BROKER_PROPERTIES);
        }

        @Override
        public String bootstrap() {
            return process.bootstrapServers();
        }

        @Override
        public void kill() {
            process.kill();
        }

        @Override
        public void restart() {
            process = FreshetProcess.start(dataDir, port, GroupBrokers.BROKER_PROPERTIES);
        }

        @Override
        public String describe() {
            return "broker log " + process.logFile();
        }
    }

    /** Apache Kafka from a server.properties (with {@link GroupBrokers#BROKER_PROPERTIES}), already formatted. */
    final class Kafka implements KillableBroker {
        private final Path properties;
        private final String bootstrap;
        private final Path logFile;
        private Process process;

        Kafka(Path properties) throws Exception {
            this.properties = properties;
            this.bootstrap = Files.readAllLines(properties).stream()
                    .filter(l -> l.startsWith("advertised.listeners=PLAINTEXT://")).findFirst().orElseThrow()
                    .substring("advertised.listeners=PLAINTEXT://".length());
            this.logFile = properties.resolveSibling("kafka-broker-kill-test.log");
            restart();
        }

        @Override
        public String bootstrap() {
            return bootstrap;
        }

        @Override
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        @Override
        public void restart() {
            try {
                process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m", "-cp", System.getProperty(KAFKA_CLASSPATH), "kafka.Kafka",
                        properties.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (Admin admin = KafkaClients.admin(bootstrap)) {
                Awaitility.await("Kafka answers").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions().until(() -> admin.listTopics().names().get(2, TimeUnit.SECONDS) != null);
            }
        }

        @Override
        public String describe() {
            return "Kafka log " + logFile;
        }
    }

    /** A broker someone else runs: used as it is, never killed. */
    final class External implements KillableBroker {
        private final String bootstrap;

        External(String bootstrap) {
            this.bootstrap = bootstrap;
        }

        @Override
        public String bootstrap() {
            return bootstrap;
        }

        @Override
        public boolean killable() {
            return false;
        }

        @Override
        public void kill() {
            throw new UnsupportedOperationException("an external broker (" + bootstrap + ") is not killed");
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("an external broker (" + bootstrap + ") is not restarted");
        }

        @Override
        public String describe() {
            return "external broker " + bootstrap;
        }
    }
}
