package io.freshet.server;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code freshet gateway}: merges {@code --config}, {@code --set} and the flags, validates them once
 * ({@link FreshetGateway.Config#fromProperties}), starts the gateway and blocks the main thread until a SIGTERM or
 * SIGINT has run the shutdown hook, which closes it cleanly. Exit codes as {@code freshet server}: 2 for a bad
 * configuration, 1 when it cannot start (the cluster does not answer, a port is taken).
 */
final class GatewayCommand implements Callable<Integer> {

    private final CommandLineArgs.Gateway options;
    private final long mainEntryNanos;
    private final PrintWriter err;

    GatewayCommand(CommandLineArgs.Gateway options, long mainEntryNanos, PrintWriter err) {
        this.options = options;
        this.mainEntryNanos = mainEntryNanos;
        this.err = err;
    }

    /** The file's keys, then {@code --set}, then the flags ({@code --host} moves both listeners). */
    Map<String, String> properties() {
        Map<String, String> file = options.configFile() == null ? Map.of()
            : ServerProperties.readFile(options.configFile());
        Map<String, String> merged = new LinkedHashMap<>(ServerProperties.merge(file, options.sets(), options.host(),
            null, options.mqttPort(), options.httpPort(), null));
        merged.remove("listeners"); // the broker's keys merge adds: a gateway has no Kafka listener nor data
        merged.remove("log.dirs");
        if (options.bootstrapServers() != null) {
            merged.put(FreshetGateway.BOOTSTRAP_SERVERS, options.bootstrapServers());
        }
        return merged;
    }

    @Override
    public Integer call() {
        FreshetGateway.Config config;
        try {
            config = FreshetGateway.Config.fromProperties(properties());
        } catch (InvalidServerConfigException | IllegalArgumentException | KafkaException e) {
            err.println("freshet gateway: invalid configuration: " + oneLine(e));
            return ServerCommand.EXIT_BAD_CONFIG;
        }
        Logger log = LoggerFactory.getLogger(GatewayCommand.class);
        FreshetGateway gateway;
        try {
            gateway = FreshetGateway.start(config);
        } catch (Exception e) {
            log.error("failed to start the gateway in front of {}: {}", config.log().bootstrapServers(), oneLine(e));
            log.debug("start-up failure", e);
            return ServerCommand.EXIT_START_FAILED;
        }
        long sinceJvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        // FreshetProcess-style readers parse "MQTT on HOST:PORT" and "HTTP on HOST:PORT": keep them as they are.
        log.info("Freshet {} gateway in front of {} (cluster {}), {}, {}, started in {} ms ({} ms since main)",
            FreshetVersion.get(), gateway.bootstrapServers(), gateway.clusterId(), gateway.mqttDescription(),
            gateway.httpDescription(), sinceJvmMs, (System.nanoTime() - mainEntryNanos) / 1_000_000);
        awaitShutdown(log, gateway);
        return 0;
    }

    private static void awaitShutdown(Logger log, FreshetGateway gateway) {
        long startedNanos = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long closeStart = System.nanoTime();
            try {
                gateway.close();
                log.info("gateway stopped after {} up; shutdown took {} ms",
                    ServerCommand.uptime(System.nanoTime() - startedNanos),
                    (System.nanoTime() - closeStart) / 1_000_000);
            } catch (Exception e) {
                log.error("gateway shutdown failed: {}", oneLine(e), e);
            } finally {
                stopped.countDown();
            }
        }, "freshet-gateway-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
