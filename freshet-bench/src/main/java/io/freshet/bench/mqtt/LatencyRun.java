package io.freshet.bench.mqtt;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.mqtt.client.LatencyRecorder;
import io.freshet.bench.mqtt.client.LoadClients;
import io.freshet.bench.mqtt.client.RatePublisher;
import io.freshet.bench.mqtt.client.Subscriber;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.List;

/**
 * Publish-to-subscriber latency at a fixed rate: one {@link RatePublisher} (QoS 1, 100 B, at most
 * {@link #WINDOW} in flight) and one subscriber (QoS 1 subscription, PUBACK on receipt) on the same broker,
 * both in this JVM, each on an event loop thread of its own, so the latency is the subscriber's {@code System.nanoTime()} on receipt minus the time the
 * message was due. The warm-up's messages are not recorded. {@link MqttRound} pools the slices of a round.
 */
final class LatencyRun {

    static final int WINDOW = 100;
    private static final long CONNECT_SECONDS = 30;
    private static final long DRAIN_QUIET_MILLIS = 5_000;
    private static final long DRAIN_MAX_MILLIS = 30_000;

    /** @param sortedNanos the latencies of the measured messages received, ascending */
    record Result(long[] sortedNanos, double achievedRate, long missing, int duplicates, ClientErrors errors) {
    }

    private LatencyRun() {
    }

    /** @param tag names the topic and the client ids, so that a warm-up and the measured run do not meet */
    static Result run(LoadClients clients, MqttBroker broker, int round, String tag, int rate, Duration warmUp,
                      Duration measured) throws Exception {
        ClientErrors errors = new ClientErrors();
        String root = "mb-r" + round + "-" + broker.target().name().toLowerCase() + "-" + tag;
        String ids = "r" + round + broker.target().name().charAt(0) + tag;
        long warmUpCount = rate * warmUp.toMillis() / 1000;
        int measuredCount = (int) (rate * measured.toMillis() / 1000);
        LatencyRecorder recorder = new LatencyRecorder(warmUpCount, measuredCount);
        Subscriber subscriber = new Subscriber(ids + "-sub", errors, root + "/#", MqttQoS.AT_LEAST_ONCE, recorder);
        RatePublisher publisher = new RatePublisher(ids + "-pub", errors, root + "/dev0", WINDOW,
            ThroughputRun.PAYLOAD_BYTES, rate, warmUpCount + measuredCount);
        try {
            // Each on a thread of its own, as on two machines, whatever connections came before.
            Waits.all(List.of(clients.connect(broker.port(), subscriber, 0)), CONNECT_SECONDS, "subscriber connect");
            Waits.all(List.of(subscriber.subscribed()), CONNECT_SECONDS, "SUBACK");
            Waits.all(List.of(clients.connect(broker.port(), publisher, 1)), CONNECT_SECONDS, "publisher connect");
            publisher.start();
            long runMillis = warmUp.toMillis() + measured.toMillis();
            // The schedule takes runMillis; a publisher whose window stays full falls behind, up to a bound.
            Waits.until(publisher::sent, () -> warmUpCount + measuredCount, runMillis, runMillis + DRAIN_MAX_MILLIS);
            Waits.until(recorder::recorded, () -> measuredCount, DRAIN_QUIET_MILLIS, DRAIN_MAX_MILLIS);
        } finally {
            publisher.close();
            subscriber.close();
        }
        long[] sorted = recorder.sortedNanos();
        return new Result(sorted, publisher.achievedRate(), measuredCount - sorted.length, recorder.duplicates(),
            errors);
    }
}
