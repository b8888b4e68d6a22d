package io.freshet.mqtt.state;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.gateway.EventLog;

import java.nio.file.Path;
import java.util.Map;

/** A Freshet broker on a data directory of the test's, restartable: its event log is the real storage. */
public final class BrokerOnDisk implements AutoCloseable {

    private final Path dataDir;
    private FreshetBroker broker;

    public BrokerOnDisk(Path dataDir) {
        this.dataDir = dataDir;
        start();
    }

    public EventLog log() {
        return broker.eventLog();
    }

    /** The Kafka listener's port. */
    public int port() {
        return broker.boundPort();
    }

    /** A clean shutdown and a start on the same data directory. */
    public void restart() {
        broker.close();
        start();
    }

    private void start() {
        broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString())));
    }

    @Override
    public void close() {
        broker.close();
    }
}
