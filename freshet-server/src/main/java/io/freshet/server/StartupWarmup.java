package io.freshet.server;

import io.netty.channel.epoll.Epoll;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.LoggerFactory;

/**
 * Start-up time is a feature: while the main thread parses the command line, a second thread initialises what
 * the broker needs first anyway (logging, Kafka's API tables, the epoll native library), so the two halves of
 * start-up overlap on a machine with more than one core. Nothing here has an effect besides loading classes.
 */
final class StartupWarmup {

    private StartupWarmup() {
    }

    static void begin() {
        Thread warmup = new Thread(StartupWarmup::run, "freshet-startup-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }

    private static void run() {
        LoggerFactory.getLogger(StartupWarmup.class);
        ApiKeys.API_VERSIONS.latestVersion();
        new ApiVersionsResponseData().apiKeys();
        Epoll.isAvailable();
    }
}
