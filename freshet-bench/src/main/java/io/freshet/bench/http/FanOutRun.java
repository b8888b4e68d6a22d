package io.freshet.bench.http;

import io.freshet.bench.http.client.FanOutSubscriber;
import io.freshet.bench.http.client.HttpClients;
import io.freshet.bench.http.client.SseSubscriber;
import io.freshet.bench.http.client.SubscriberTally;
import io.freshet.bench.http.client.WebSocketSubscriber;
import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.report.LatencyHistogram;
import io.freshet.bench.workload.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One fan-out case against the server: a fresh one-partition topic, the subscribers connected
 * ({@link #CONNECT_BATCH} handshakes at a time, {@code from=latest}), then the paced producer for the warm-up and
 * the measured time, then a bounded drain (until every subscriber has every record, nothing arrives for
 * {@link #DRAIN_QUIET_MILLIS}, or {@link #DRAIN_MAX_MILLIS}). RSS is sampled every second; CPU is split over the
 * measured time. The records of the warm-up are not counted; a subscriber accepted before the producer starts
 * must get every measured record, once, in order.
 */
final class FanOutRun {

    static final int CONNECT_BATCH = 100;
    static final long DRAIN_QUIET_MILLIS = 3_000;
    static final long DRAIN_MAX_MILLIS = 20_000;
    private static final long CONNECT_SECONDS = 60;
    private static final long SNAPSHOT_SECONDS = 60;

    private final FreshetHttpServer server;
    private final HttpClients clients;

    FanOutRun(FreshetHttpServer server, HttpClients clients) {
        this.server = server;
        this.clients = clients;
    }

    FanOutResult run(FanOutCase c) throws Exception {
        ClientErrors errors = new ClientErrors();
        String topic = c.topic();
        try {
            Topics.create(server.kafkaBootstrap(), topic, 1, c.storage().topicConfigs);
        } catch (Exception e) {
            return FanOutResult.failed(c, "topic not created: " + rootMessage(e), "");
        }
        server.awaitQuiet(10_000);
        double rssBefore = server.settledRssMib();
        double load = LoadAverage.oneMinute();
        String path = "/v3/clusters/" + server.clusterId() + "/topics/" + topic + "/records:stream?from=latest";
        List<FanOutSubscriber> all = new ArrayList<>();
        try {
            long connectStart = System.nanoTime();
            int connected = connect(c, path, errors, all);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            if (connected == 0) {
                return FanOutResult.failed(c, "no subscriber was accepted", errors.summary());
            }
            List<FanOutSubscriber> subscribers = all.stream()
                .filter(s -> s.ready().isDone() && !s.ready().isCompletedExceptionally()).toList();
            double rssIdle = server.settledRssMib();
            return produceAndMeasure(c, topic, subscribers, errors, rssBefore, rssIdle, load, connected,
                connectSeconds);
        } finally {
            all.forEach(FanOutSubscriber::close);
        }
    }

    private int connect(FanOutCase c, String path, ClientErrors errors, List<FanOutSubscriber> subscribers)
            throws InterruptedException {
        int connected = 0;
        for (int from = 0; from < c.subscribers(); from += CONNECT_BATCH) {
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(c.subscribers(), from + CONNECT_BATCH); i++) {
                SubscriberTally tally = new SubscriberTally(c.warmUpRecords(), c.totalRecords());
                FanOutSubscriber subscriber;
                if (c.transport() == FanOutCase.Transport.SSE) {
                    SseSubscriber sse = new SseSubscriber(errors, path, tally);
                    clients.connect(server.httpPort(), sse::install, sse::connectFailed);
                    subscriber = sse;
                } else {
                    WebSocketSubscriber ws = new WebSocketSubscriber(errors, path, tally);
                    clients.connect(server.httpPort(), ws::install, ws::connectFailed);
                    subscriber = ws;
                }
                subscribers.add(subscriber);
                batch.add(subscriber.ready());
            }
            try {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(CONNECT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // counted below; the errors say why
            }
            connected += (int) batch.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            if (connected == 0) {
                return 0;    // the first batch failed entirely: the endpoint is not there
            }
        }
        return connected;
    }

    private FanOutResult produceAndMeasure(FanOutCase c, String topic, List<FanOutSubscriber> subscribers,
                                           ClientErrors errors, double rssBefore, double rssIdle, double load,
                                           int connected, double connectSeconds) throws Exception {
        double rssPeak = rssIdle;
        long expectedAll = (long) subscribers.size() * c.totalRecords();
        CpuMeter.Usage cpu;
        long deliveredInWindow;
        double drainSeconds;
        double achieved;
        long producerFailed;
        long[] behind;
        try (PacedProducer producer = new PacedProducer(server.kafkaBootstrap(), topic, c.rate(), c.totalRecords())) {
            producer.start();
            long start = System.nanoTime();
            long warmUpEnd = start + c.warmUp().toNanos();
            long end = warmUpEnd + c.measured().toNanos();
            while (System.nanoTime() < warmUpEnd) {
                Thread.sleep(Math.max(1, Math.min(1_000, (warmUpEnd - System.nanoTime()) / 1_000_000)));
                rssPeak = Math.max(rssPeak, server.memory().rssMib());
            }
            CpuMeter meter = new CpuMeter(server.pid());
            long received0 = received(subscribers);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1_000, (end - System.nanoTime()) / 1_000_000)));
                rssPeak = Math.max(rssPeak, server.memory().rssMib());
            }
            cpu = meter.stop();
            deliveredInWindow = received(subscribers) - received0;
            behind = behind(subscribers, producer.sent());
            producer.awaitDone(30_000);
            long drainStart = System.nanoTime();
            drain(subscribers, expectedAll);
            drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            achieved = producer.achievedRate();
            producerFailed = producer.failed() + (c.totalRecords() - producer.acked() - producer.failed());
        }
        long bytesOnDisk = server.bytesOnDisk(topic);
        return tallies(c, subscribers, errors, connected, connectSeconds, achieved, producerFailed,
            deliveredInWindow / cpu.seconds(), behind, rssBefore, rssIdle, rssPeak, cpu, load, bytesOnDisk,
            drainSeconds);
    }

    private static long received(List<FanOutSubscriber> subscribers) {
        long total = 0;
        for (FanOutSubscriber s : subscribers) {
            total += s.received();
        }
        return total;
    }

    /** How many records each subscriber lacked of what the producer had sent, ascending. */
    private static long[] behind(List<FanOutSubscriber> subscribers, long sent) {
        long[] behind = new long[subscribers.size()];
        for (int i = 0; i < behind.length; i++) {
            behind[i] = Math.max(0, sent - 1 - subscribers.get(i).lastSequence());
        }
        Arrays.sort(behind);
        return behind;
    }

    private static void drain(List<FanOutSubscriber> subscribers, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MAX_MILLIS);
        long last = received(subscribers);
        long lastMove = System.nanoTime();
        while (last < expected && System.nanoTime() < deadline
                && System.nanoTime() - lastMove < TimeUnit.MILLISECONDS.toNanos(DRAIN_QUIET_MILLIS)) {
            Thread.sleep(50);
            long now = received(subscribers);
            if (now != last) {
                last = now;
                lastMove = System.nanoTime();
            }
        }
    }

    private static FanOutResult tallies(FanOutCase c, List<FanOutSubscriber> subscribers, ClientErrors errors,
                                        int connected, double connectSeconds, double achieved, long producerFailed,
                                        double eventsPerSecond, long[] behind, double rssBefore, double rssIdle,
                                        double rssPeak,
                                        CpuMeter.Usage cpu, double load, long bytesOnDisk, double drainSeconds)
            throws Exception {
        LatencyHistogram all = new LatencyHistogram();
        long[] perSubscriber = new long[subscribers.size()];
        long complete = 0;
        long delivered = 0;
        long notAfter = 0;
        long skipped = 0;
        long gaps = 0;
        long missed = 0;
        long unparsed = 0;
        // Closed first, so that the tallies are final and the event loops, no longer reading, hand them over at once.
        subscribers.forEach(FanOutSubscriber::close);
        List<CompletableFuture<SubscriberTally>> snapshots = subscribers.stream().map(FanOutSubscriber::snapshot)
            .toList();
        CompletableFuture.allOf(snapshots.toArray(CompletableFuture[]::new)).get(SNAPSHOT_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < subscribers.size(); i++) {
            SubscriberTally t = snapshots.get(i).get();
            all.add(t.latencies());
            perSubscriber[i] = t.measured();
            complete += t.measured() == c.measuredRecords() ? 1 : 0;
            delivered += t.measured();
            notAfter += t.notAfterPrevious();
            skipped += t.skipped();
            gaps += t.gapEvents();
            missed += t.gapMissed();
            unparsed += t.unparsed();
        }
        Arrays.sort(perSubscriber);
        boolean any = all.count() > 0;
        return new FanOutResult(c, connected, connectSeconds, achieved, producerFailed, c.measuredRecords(), complete,
            perSubscriber.length == 0 ? 0 : perSubscriber[0],
            perSubscriber.length == 0 ? 0 : perSubscriber[(perSubscriber.length - 1) / 2], delivered, eventsPerSecond,
            behind.length == 0 ? 0 : behind[(behind.length - 1) / 2],
            behind.length == 0 ? 0 : behind[behind.length - 1],
            all.count(), any ? all.percentile(50) / 1e6 : Double.NaN, any ? all.percentile(99) / 1e6 : Double.NaN,
            any ? all.percentile(99.9) / 1e6 : Double.NaN, any ? all.max() / 1e6 : Double.NaN, notAfter, skipped,
            gaps, missed, unparsed, rssBefore, rssIdle, rssPeak, cpu, load, bytesOnDisk, drainSeconds,
            errors.summary(), null);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
