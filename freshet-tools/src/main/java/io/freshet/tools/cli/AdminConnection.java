package io.freshet.tools.cli;

import io.freshet.tools.clients.ClientProperties;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;

/**
 * The Admin client of one command run, with bounded waits: every call gives up after {@link #TIMEOUT} with a
 * message naming the broker, instead of the client's default minute of retries. Broker errors reach the caller as
 * kafka-clients' {@link ApiException}s; {@link #explain} turns one into a line of text with its error code.
 */
public final class AdminConnection implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String bootstrapServers;

    private AdminConnection(Admin admin, String bootstrapServers) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Connects with {@code clientConfig} (bootstrap.servers and whatever {@code --command-config} and {@code -X}
     * gave: security settings and the like); the bounded timeouts win, and only the Admin client's keys are passed
     * on (so it does not warn about a producer's).
     */
    public static AdminConnection connect(Properties clientConfig, String clientId) {
        Properties config = new Properties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(ClientProperties.only(clientConfig, AdminClientConfig.configNames()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        String bootstrapServers = config.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            return new AdminConnection(Admin.create(config), bootstrapServers);
        } catch (KafkaException e) { // a host name that does not resolve, a bad --command-config value
            throw new CommandFailedException("Cannot connect to " + bootstrapServers + ": " + rootMessage(e));
        }
    }

    public Admin admin() {
        return admin;
    }

    /**
     * Waits for an Admin result. A broker error is thrown as the {@link ApiException} (or other
     * {@link KafkaException}) itself; no answer in time becomes a {@link CommandFailedException}.
     */
    public <T> T await(String what, KafkaFuture<T> future) {
        try {
            // The client's own timeout (default.api.timeout.ms) fires first; this one is the backstop.
            return future.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (isTimeout(cause)) {
                throw unreachable(what);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new KafkaException(cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("Interrupted while " + what);
        }
    }

    /** Some results wrap the client's TimeoutException in a KafkaException of their own. */
    private static boolean isTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private CommandFailedException unreachable(String what) {
        return new CommandFailedException("No answer from the broker at " + bootstrapServers + " within "
                + TIMEOUT.toSeconds() + " s while " + what + " (is it running? --bootstrap-server HOST:PORT)");
    }

    /** An error as one line: the protocol's error code name and the broker's message. */
    public static String explain(Throwable error) {
        if (error instanceof ApiException) {
            Errors code = Errors.forException(error);
            String message = error.getMessage();
            if (code == Errors.UNKNOWN_SERVER_ERROR && message == null) {
                return error.getClass().getSimpleName();
            }
            return code.name() + (message == null || message.isBlank() ? "" : ": " + message);
        }
        return rootMessage(error);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        // Nothing is pending when a command ends; don't let a dead broker delay the exit.
        admin.close(Duration.ofSeconds(1));
    }
}
