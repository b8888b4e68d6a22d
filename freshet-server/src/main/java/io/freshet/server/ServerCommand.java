package io.freshet.server;

import io.freshet.broker.BrokerConfig;
import io.freshet.security.listener.ListenerEndpoint;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code freshet server}: validates the configuration (broker and MQTT keys), starts the broker and the MQTT listener
 * ({@link FreshetServer}), and blocks the main thread until a SIGTERM or SIGINT has run the shutdown hook, which
 * closes both cleanly.
 */
final class ServerCommand implements Callable<Integer> {
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;

    private final CommandLineArgs.Server options;
    private final long mainEntryNanos;
    private final PrintWriter err;

    ServerCommand(CommandLineArgs.Server options, long mainEntryNanos, PrintWriter err) {
        this.options = options;
        this.mainEntryNanos = mainEntryNanos;
        this.err = err;
    }

    /** The merged properties handed to {@link FreshetServer.Config#fromProperties}. */
    Map<String, String> brokerProperties() {
        Map<String, String> file = options.configFile() == null ? Map.of()
            : ServerProperties.readFile(options.configFile());
        return ServerProperties.merge(file, options.sets(), options.host(), options.port(), options.mqttPort(),
            options.httpPort(), options.dataDir());
    }

    @Override
    public Integer call() {
        FreshetServer.Config config;
        try {
            config = FreshetServer.Config.fromProperties(brokerProperties());
        } catch (InvalidServerConfigException | IllegalArgumentException | KafkaException e) {
            err.println("freshet: invalid configuration: " + oneLine(e));
            return EXIT_BAD_CONFIG;
        }
        Logger log = LoggerFactory.getLogger(ServerCommand.class);
        FreshetServer server;
        try {
            server = FreshetServer.start(config);
        } catch (Exception e) {
            log.error("failed to start: {}", oneLine(e));
            log.debug("start-up failure", e);
            return EXIT_START_FAILED;
        }
        logStarted(log, config.broker(), server);
        awaitShutdown(log, server);
        return 0;
    }

    /**
     * The start-up line, which {@code FreshetProcess} (freshet-testkit) reads for the Kafka, MQTT and HTTP ports: keep
     * {@code "listening on HOST:PORT (NAME), HOST:PORT (NAME), "} (every Kafka listener, the first one first),
     * {@code "MQTT on HOST:PORT, "} (or {@code "MQTT off, "}) and {@code "HTTP on HOST:PORT, "} (or
     * {@code "HTTP off, "}) as they are.
     */
    private void logStarted(Logger log, BrokerConfig config, FreshetServer server) {
        long sinceMainMs = (System.nanoTime() - mainEntryNanos) / 1_000_000;
        // The JVM's own start time: ProcessHandle's start instant is only accurate to a second on Linux.
        long sinceJvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("Freshet {} listening on {}, {}, {}, {}, data in {}, started in {} ms ({} ms since main)",
                FreshetVersion.get(), kafkaListeners(server), server.mqttDescription(),
                server.httpDescription(), server.sqlDescription(),
                server.broker().dataDir().toAbsolutePath().normalize(), sinceJvmMs, sinceMainMs);
    }

    /** {@code 127.0.0.1:9092 (PLAINTEXT), 127.0.0.1:9093 (SSL)}; a name that is not its protocol's says both. */
    static String kafkaListeners(FreshetServer server) {
        StringBuilder sb = new StringBuilder();
        for (ListenerEndpoint l : server.broker().boundListeners()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(l.hostPort()).append(" (").append(l.name());
            if (!l.name().equals(l.protocol().name)) {
                sb.append(", ").append(l.protocol().name);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private static void awaitShutdown(Logger log, FreshetServer server) {
        long startedNanos = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long closeStart = System.nanoTime();
            try {
                server.close();
                log.info("stopped after {} up; shutdown took {} ms", uptime(System.nanoTime() - startedNanos),
                        (System.nanoTime() - closeStart) / 1_000_000);
            } catch (Exception e) {
                log.error("shutdown failed: {}", oneLine(e), e);
            } finally {
                stopped.countDown();
            }
        }, "freshet-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String uptime(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m " + d.toSecondsPart() + "s";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m " + d.toSecondsPart() + "s";
        }
        return d.toSeconds() + "." + String.format("%03d", d.toMillisPart()) + " s";
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
