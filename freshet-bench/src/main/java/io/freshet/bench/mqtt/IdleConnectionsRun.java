package io.freshet.bench.mqtt;

import io.freshet.bench.mqtt.client.BenchClient;
import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.mqtt.client.LoadClients;
import io.freshet.bench.proc.ProcStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Memory with many idle clients: a warm-up of {@link #WARM_UP} connections opened and closed (so the connection
 * path's classes and buffers exist before the baseline), then the broker's RSS (after a full GC for a JVM),
 * {@code clients} idle connections (MQTT 3.1.1, clean session, keep-alive 60 s, no subscription) opened with at
 * most {@link #CONCURRENT_CONNECTS} CONNECTs outstanding, {@link #SETTLE_MILLIS} of quiet, the RSS again (after a
 * full GC). Per connection: the difference over the connections still open.
 */
final class IdleConnectionsRun {

    static final int CONCURRENT_CONNECTS = 200;
    private static final int WARM_UP = 500;
    private static final long SETTLE_MILLIS = 2_000;
    private static final long CONNECT_MAX_SECONDS = 180;

    record Result(int open, double rssBeforeMib, double rssAfterMib, double kibPerConnection, double connectsPerS,
                  ClientErrors errors) {
    }

    private IdleConnectionsRun() {
    }

    static Result run(LoadClients clients, MqttBroker broker, int round, int count) throws Exception {
        ClientErrors errors = new ClientErrors();
        String ids = "r" + round + broker.target().name().charAt(0) + "idle";
        List<BenchClient> warm = connectAll(clients, broker, ids + "w", Math.min(WARM_UP, count), new ClientErrors());
        warm.forEach(BenchClient::close);
        Thread.sleep(1000);
        broker.collectGarbage();
        ProcStatus before = broker.memory();
        long start = System.nanoTime();
        List<BenchClient> idle = connectAll(clients, broker, ids, count, errors);
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        try {
            Thread.sleep(SETTLE_MILLIS);
            int open = (int) idle.stream().filter(BenchClient::isOpen).count();
            broker.collectGarbage();
            ProcStatus after = broker.memory();
            return new Result(open, before.rssMib(), after.rssMib(),
                open == 0 ? Double.NaN : (after.rssKib() - before.rssKib()) / (double) open,
                count / connectSeconds, errors);
        } finally {
            idle.forEach(BenchClient::close);
        }
    }

    /** Opens {@code count} idle clients, at most CONCURRENT_CONNECTS at a time; waits for every answer. */
    private static List<BenchClient> connectAll(LoadClients clients, MqttBroker broker, String ids, int count,
                                                ClientErrors errors) throws Exception {
        Semaphore outstanding = new Semaphore(CONCURRENT_CONNECTS);
        List<BenchClient> all = new ArrayList<>(count);
        List<CompletableFuture<Void>> answers = new ArrayList<>(count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_MAX_SECONDS);
        for (int i = 0; i < count; i++) {
            if (!outstanding.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            BenchClient client = new BenchClient(ids + "-" + i, errors);
            all.add(client);
            answers.add(clients.connect(broker.port(), client).whenComplete((ok, e) -> outstanding.release()));
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // counted below and in errors: a refused or unanswered CONNECT is a finding, not a harness failure
        }
        long refused = answers.stream().filter(CompletableFuture::isCompletedExceptionally).count();
        long unanswered = answers.stream().filter(f -> !f.isDone()).count();
        if (unanswered > 0) {
            errors.add("no CONNACK within " + CONNECT_MAX_SECONDS + " s", unanswered + " of " + count + " clients");
        }
        if (all.size() < count) {
            errors.add("connects not even attempted (the limit of time ran out)", (count - all.size()) + " clients");
        }
        if (refused > 0 && errors.total() == 0) {
            errors.add("CONNECT failed", refused + " clients");
        }
        return all;
    }
}
