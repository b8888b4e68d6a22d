package io.freshet.bench.mqtt;

import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.mqtt.client.LoadClients;
import io.freshet.bench.mqtt.client.Publisher;
import io.freshet.bench.mqtt.client.Subscriber;
import io.freshet.bench.proc.ProcCpu;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One throughput case against one broker: the subscriber (QoS 0 subscription on {@code ROOT/#}) connects and
 * subscribes, the publishers connect, all publish for the warm-up and then the measured time, stop, and the
 * subscriber is given time to drain.
 *
 * <p>What is counted: at QoS 1, the PUBACKs the publishers received during the measured time (each one a message
 * the broker took responsibility for), each publisher with the case's window unacknowledged at most; at QoS 0,
 * which has no acknowledgement, the messages the subscriber received during the measured time, each publisher
 * with at most the case's window of messages the subscriber has not received yet (see {@link Publisher}). Each
 * second of the measured time without progress of that count is a stall. For a broker with a Kafka listener
 * (Freshet), the case's topic is then counted: every PUBACKed message must be in it.
 */
final class ThroughputRun {

    static final int PAYLOAD_BYTES = 100;
    private static final long CONNECT_SECONDS = 60;
    private static final long DRAIN_QUIET_MILLIS = 3_000;
    private static final long DRAIN_MAX_MILLIS = 20_000;

    /**
     * @param messagesPerS the count above per second of the measured time
     * @param undelivered  QoS 0: written but not received after the drain; QoS 1: acknowledged but not received
     * @param acked        QoS 1 PUBACKs over the whole case, warm-up included
     * @param logRecords   what the case's Kafka topic holds at the end, for a broker with a Kafka listener; else -1
     */
    record Result(double messagesPerS, double publishedPerS, double deliveredPerS, long undelivered,
                  int stalledSeconds, double brokerCpuPerMillion, double clientCpuPerMillion, long acked,
                  long logRecords, ClientErrors errors) {

        /** QoS 1 messages PUBACKed and yet not in the log (0 when the broker has no log to ask). */
        long ackedNotInLog() {
            return logRecords < 0 ? 0 : Math.max(0, acked - logRecords);
        }
    }

    private ThroughputRun() {
    }

    static Result run(LoadClients clients, MqttBroker broker, ThroughputCase c, int round, Duration warmUp,
                      Duration measured) throws Exception {
        ClientErrors errors = new ClientErrors();
        String root = c.topicRoot(round, broker.target());
        String ids = "r" + round + broker.target().name().charAt(0) + "q" + c.qos().value() + "p" + c.publishers();
        List<Publisher> publishers = new ArrayList<>();
        Subscriber subscriber = new Subscriber(ids + "-sub", errors, root + "/#", MqttQoS.AT_MOST_ONCE,
            (payload, now) -> delivered(publishers, payload, errors));
        try {
            Waits.all(List.of(clients.connect(broker.port(), subscriber)), CONNECT_SECONDS, "subscriber connect");
            Waits.all(List.of(subscriber.subscribed()), CONNECT_SECONDS, "SUBACK");
            byte[] payload = payload();
            List<CompletableFuture<Void>> connects = new ArrayList<>();
            for (int i = 0; i < c.publishers(); i++) {
                Publisher publisher = new Publisher(ids + "-" + i, errors, root + "/dev" + i, c.qos(),
                    c.window(), payload, i);
                publishers.add(publisher);
                connects.add(clients.connect(broker.port(), publisher));
            }
            Waits.all(connects, CONNECT_SECONDS, c.publishers() + " publishers' CONNACKs");
            publishers.forEach(Publisher::start);
            Thread.sleep(warmUp.toMillis());
            return measure(broker, c, round, publishers, subscriber, measured, errors);
        } finally {
            publishers.forEach(Publisher::stop);
            publishers.forEach(Publisher::close);
            subscriber.close();
        }
    }

    private static Result measure(MqttBroker broker, ThroughputCase c, int round, List<Publisher> publishers,
                                  Subscriber subscriber, Duration measured, ClientErrors errors) throws Exception {
        boolean qos1 = c.qos() == MqttQoS.AT_LEAST_ONCE;
        LongSupplier counted = qos1 ? () -> sum(publishers, true) : subscriber::received;
        double cpu0 = ProcCpu.seconds(broker.pid());
        double clientCpu0 = ProcCpu.seconds(ProcessHandle.current().pid());
        long sent0 = sum(publishers, false);
        long received0 = subscriber.received();
        long counted0 = counted.getAsLong();
        long start = System.nanoTime();
        int stalled = 0;
        long previous = counted0;
        for (long s = 0; s < measured.toSeconds(); s++) {
            Thread.sleep(1000 - (System.nanoTime() - start) / 1_000_000 % 1000);
            long now = counted.getAsLong();
            stalled += now == previous ? 1 : 0;
            previous = now;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long countedN = counted.getAsLong() - counted0;
        long sentN = sum(publishers, false) - sent0;
        long receivedN = subscriber.received() - received0;
        double cpu = ProcCpu.seconds(broker.pid()) - cpu0;
        double clientCpu = ProcCpu.seconds(ProcessHandle.current().pid()) - clientCpu0;
        publishers.forEach(Publisher::stop);
        LongSupplier expected = qos1 ? () -> sum(publishers, true) : () -> sum(publishers, false);
        long received = Waits.until(subscriber::received, expected, DRAIN_QUIET_MILLIS, DRAIN_MAX_MILLIS);
        long undelivered = Math.max(0, expected.getAsLong() - received);
        long acked = sum(publishers, true);
        long logRecords = broker.kafkaBootstrap().isPresent()
            ? LogCount.records(broker.kafkaBootstrap().get(), c.topicRoot(round, broker.target())) : -1;
        return new Result(countedN / seconds, sentN / seconds, receivedN / seconds, undelivered, stalled,
            perMillion(cpu, countedN), perMillion(clientCpu, countedN), acked, logRecords, errors);
    }

    /** Called on the subscriber's event loop; the list is complete before the first publisher starts. */
    private static void delivered(List<Publisher> publishers, ByteBuf payload, ClientErrors errors) {
        int index = Publisher.indexOf(payload);
        if (index < 0 || index >= publishers.size()) {
            errors.add("a message no publisher of the case sent", "index " + index);
            return;
        }
        publishers.get(index).onDelivered();
    }

    private static double perMillion(double cpuSeconds, long messages) {
        return messages == 0 ? Double.NaN : cpuSeconds / messages * 1e6;
    }

    private static long sum(List<Publisher> publishers, boolean acked) {
        long total = 0;
        for (Publisher p : publishers) {
            total += acked ? p.acked() : p.sent();
        }
        return total;
    }

    /** 100 printable bytes, the same for every message. */
    static byte[] payload() {
        byte[] payload = new byte[PAYLOAD_BYTES];
        Arrays.fill(payload, (byte) 'x');
        return payload;
    }
}
