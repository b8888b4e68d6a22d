package io.freshet.server;

import io.netty.channel.epoll.Epoll;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time is a feature: while the main thread parses the command line and the configuration, a second
 * thread initialises what the broker needs first anyway (logging, Kafka's API tables, the epoll native library),
 * so the two halves of start-up overlap on a machine with more than one core. Nothing here has an effect besides
 * loading classes.
 *
 * <p>Logging must be initialised by one thread only (SLF4J warns about, and replays, calls made by others during
 * its initialisation), so the main thread waits for {@link #awaitLogging} before it first logs.
 */
final class StartupWarmup {

    private static volatile CountDownLatch loggingReady;

    private StartupWarmup() {
    }

    static void begin() {
        loggingReady = new CountDownLatch(1);
        Thread warmup = new Thread(StartupWarmup::run, "freshet-startup-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    /** Returns once logging is initialised, at once when no warm-up was begun (tests). */
    static void awaitLogging() {
        CountDownLatch latch = loggingReady;
        if (latch == null) {
            return;
        }
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run() {
        try {
            LoggerFactory.getLogger(StartupWarmup.class);
        } finally {
            loggingReady.countDown();
        }
        ApiKeys.API_VERSIONS.latestVersion();
        new ApiVersionsResponseData().apiKeys();
        Epoll.isAvailable();
    }
}
