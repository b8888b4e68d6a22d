package io.freshet.bench.launch;

/** Starts one broker process and returns it once it answers ApiVersions. */
public interface BrokerLauncher {

    Target target();

    /** @param round the round number, used to name the broker's log file */
    RunningBroker start(int round) throws Exception;
}
