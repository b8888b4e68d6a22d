package io.freshet.testkit;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.server.ServerProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Freshet broker inside the test's JVM, on 127.0.0.1 and a free port, with its data in a temporary directory
 * unless given one. It starts in a fraction of a second; {@link #restart()} stops it cleanly and starts it again
 * on the same directory and the same port, so clients keep their bootstrap address.
 *
 * <pre>{@code
 * try (EmbeddedFreshet freshet = EmbeddedFreshet.start()) {
 *     Properties props = new Properties();
 *     props.put("bootstrap.servers", freshet.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * A temporary directory is deleted on {@link #close()} unless {@link #keepDataDir()} was called (as
 * {@link FreshetExtension} does when a test fails) or the system property {@value #KEEP_DATA_PROPERTY} is true.
 * A directory the caller passed in is never deleted. Not thread-safe: one test thread drives it.
 */
public final class EmbeddedFreshet implements AutoCloseable {
    public static final String KEEP_DATA_PROPERTY = "freshet.keepData";

    private final Path dataDir;
    private final Map<String, String> properties;
    private final boolean temporary;
    private boolean keepDataDir = Boolean.getBoolean(KEEP_DATA_PROPERTY);
    private FreshetBroker broker;
    private int port;

    private EmbeddedFreshet(Path dataDir, Map<String, String> properties, boolean temporary) {
        this.dataDir = dataDir;
        this.properties = Map.copyOf(properties);
        this.temporary = temporary;
    }

    public static EmbeddedFreshet start() {
        return start(Map.of());
    }

    /** Starts with Kafka's broker keys, e.g. {@code Map.of("num.partitions", "4")}. */
    public static EmbeddedFreshet start(Map<String, String> brokerProperties) {
        try {
            return start(Files.createTempDirectory("freshet-"), brokerProperties, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary data directory", e);
        }
    }

    public static EmbeddedFreshet start(Path dataDir, Map<String, String> brokerProperties) {
        return start(dataDir, brokerProperties, false);
    }

    private static EmbeddedFreshet start(Path dataDir, Map<String, String> brokerProperties, boolean temporary) {
        EmbeddedFreshet freshet = new EmbeddedFreshet(dataDir, brokerProperties, temporary);
        // A listener in the properties wins; otherwise port 0 picks a free port.
        freshet.startBroker(brokerProperties.containsKey("listeners") ? null : 0);
        return freshet;
    }

    private void startBroker(Integer listenerPort) {
        Map<String, String> merged = ServerProperties.merge(properties, Map.of(), ServerProperties.DEFAULT_HOST,
                listenerPort, dataDir.toString());
        try {
            broker = FreshetBroker.start(BrokerConfig.fromProperties(merged));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Freshet did not start in " + dataDir + ": " + e.getMessage(), e);
        }
        port = broker.boundPort();
    }

    /** Stops cleanly (as SIGTERM would) and starts again on the same data directory and port. */
    public EmbeddedFreshet restart() {
        stop();
        startBroker(port);
        return this;
    }

    /** Stops cleanly; the data directory stays until {@link #close()}. */
    public void stop() {
        if (broker == null) {
            return;
        }
        try {
            broker.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Freshet did not stop cleanly: " + e.getMessage(), e);
        } finally {
            broker = null;
        }
    }

    /** Keeps a temporary data directory after {@link #close()}, to look at after a failure. */
    public void keepDataDir() {
        keepDataDir = true;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (temporary && !keepDataDir) {
                deleteRecursively(dataDir);
            }
        }
    }

    public String bootstrapServers() {
        return ServerProperties.DEFAULT_HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return broker != null;
    }

    /** The running broker, for tests that need more than a client can see. */
    public FreshetBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("Freshet is stopped");
        }
        return broker;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
