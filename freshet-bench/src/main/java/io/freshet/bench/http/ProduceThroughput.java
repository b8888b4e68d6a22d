package io.freshet.bench.http;

import io.freshet.bench.http.client.BatchProducer;
import io.freshet.bench.http.client.HttpClients;
import io.freshet.bench.http.client.StreamingProducer;
import io.freshet.bench.mqtt.LogCount;
import io.freshet.bench.mqtt.client.ClientErrors;
import io.freshet.bench.proc.LoadAverage;
import io.freshet.bench.workload.ClientConfigs;
import io.freshet.bench.workload.ProduceCase;
import io.freshet.bench.workload.ProduceWorkload;
import io.freshet.bench.workload.Throughput;
import io.freshet.bench.workload.Topics;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Produce throughput of 100 B records three ways into the same server, each on a fresh topic of
 * {@link #PARTITIONS} partitions: Freshet's own Kafka protocol path (the official Java producer, acks=all, the
 * side-by-side benchmark's settings), REST v3 streaming produce ({@link #STREAMS} chunked POSTs at once, each
 * with at most {@link #WINDOW} records unreported), REST v2 batch produce ({@link #CLIENTS} keep-alive clients,
 * {@link #BATCH} records per request, closed loop). Each case sends an unmeasured warm-up first, then the measured
 * records; every HTTP answer here is sent once the record is fsynced, as acks=all.
 */
final class ProduceThroughput {

    static final int RECORD_BYTES = 100;
    static final int PARTITIONS = 4;
    static final int STREAMS = 4;
    static final int WINDOW = 2_000;
    static final int CLIENTS = 4;
    static final int BATCH = 500;
    static final String KAFKA = "Kafka protocol, Java producer acks=all";
    static final String V3 = "REST v3 streaming produce";
    static final String V2 = "REST v2 batch produce";

    private final FreshetHttpServer server;
    private final HttpClients clients;
    private final HttpBenchOptions options;
    private final String value64 = Base64.getEncoder().encodeToString(new byte[RECORD_BYTES]);

    ProduceThroughput(FreshetHttpServer server, HttpClients clients, HttpBenchOptions options) {
        this.server = server;
        this.clients = clients;
        this.options = options;
    }

    static String kafkaShape() {
        return "one producer, " + ClientConfigs.PRODUCER_SETTINGS + ", unkeyed";
    }

    static String v3Shape() {
        return STREAMS + " concurrent chunked POSTs, at most " + String.format("%,d", WINDOW)
            + " records unreported each, " + StreamingProducer.RECORDS_PER_CHUNK + " records per chunk";
    }

    static String v2Shape() {
        return CLIENTS + " keep-alive clients, " + BATCH + " records per request, the next request on each answer";
    }

    ThroughputResult kafka(String topic) throws Exception {
        Topics.create(server.kafkaBootstrap(), topic, PARTITIONS);
        ProduceWorkload.run(server.kafkaBootstrap(), topic, new ProduceCase(RECORD_BYTES, PARTITIONS, "all",
            options.warmUpRecords()));
        server.awaitQuiet(5_000);
        double load = LoadAverage.oneMinute();
        CpuMeter meter = new CpuMeter(server.pid());
        Throughput t = ProduceWorkload.run(server.kafkaBootstrap(), topic, new ProduceCase(RECORD_BYTES, PARTITIONS,
            "all", options.produceRecords()));
        CpuMeter.Usage cpu = meter.stop();
        long expected = options.warmUpRecords() + options.produceRecords();
        return new ThroughputResult(KAFKA, kafkaShape(), t.records(), t.seconds(), 0,
            LogCount.records(server.kafkaBootstrap(), topic), expected, cpu, load, "", null);
    }

    ThroughputResult v3(String topic) throws Exception {
        Topics.create(server.kafkaBootstrap(), topic, PARTITIONS);
        String path = "/v3/clusters/" + server.clusterId() + "/topics/" + topic + "/records";
        byte[] record = ("{\"value\":{\"type\":\"BINARY\",\"data\":\"" + value64 + "\"}}\n")
            .getBytes(StandardCharsets.US_ASCII);
        ClientErrors warmErrors = new ClientErrors();
        Run warm = streams(path, record, options.warmUpRecords(), warmErrors);
        if (warm.failure != null) {
            return ThroughputResult.failed(V3, v3Shape(), "warm-up: " + warm.failure, warmErrors.summary());
        }
        server.awaitQuiet(5_000);
        double load = LoadAverage.oneMinute();
        ClientErrors errors = new ClientErrors();
        CpuMeter meter = new CpuMeter(server.pid());
        Run run = streams(path, record, options.produceRecords(), errors);
        CpuMeter.Usage cpu = meter.stop();
        return result(V3, v3Shape(), topic, run, cpu, load, errors);
    }

    ThroughputResult v2(String topic) throws Exception {
        Topics.create(server.kafkaBootstrap(), topic, PARTITIONS);
        String path = "/topics/" + topic;
        ByteBuf body = BatchProducer.body(value64, BATCH);
        ClientErrors warmErrors = new ClientErrors();
        Run warm = batches(path, body, options.warmUpRecords(), warmErrors);
        if (warm.failure != null) {
            return ThroughputResult.failed(V2, v2Shape(), "warm-up: " + warm.failure, warmErrors.summary());
        }
        server.awaitQuiet(5_000);
        double load = LoadAverage.oneMinute();
        ClientErrors errors = new ClientErrors();
        CpuMeter meter = new CpuMeter(server.pid());
        Run run = batches(path, body, options.produceRecords(), errors);
        CpuMeter.Usage cpu = meter.stop();
        return result(V2, v2Shape(), topic, run, cpu, load, errors);
    }

    private ThroughputResult result(String name, String shape, String topic, Run run, CpuMeter.Usage cpu, double load,
                                    ClientErrors errors) throws Exception {
        long expected = options.warmUpRecords() + options.produceRecords();
        long inTopic = LogCount.records(server.kafkaBootstrap(), topic);
        if (run.failure != null) {
            return ThroughputResult.failed(name, shape, run.failure + " (" + run.acknowledged + " acknowledged)",
                errors.summary());
        }
        return new ThroughputResult(name, shape, run.acknowledged, run.seconds, run.failed, inTopic, expected, cpu,
            load, errors.summary(), null);
    }

    /** What a set of HTTP connections did: acknowledged records, failed ones, first send to last answer. */
    private record Run(long acknowledged, long failed, double seconds, String failure) {
    }

    private Run streams(String path, byte[] record, long records, ClientErrors errors) throws Exception {
        List<StreamingProducer> producers = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            long share = records / STREAMS + (i < records % STREAMS ? 1 : 0);
            StreamingProducer producer = new StreamingProducer(errors, path, record, share, WINDOW);
            producers.add(producer);
            done.add(producer.done());
            clients.connect(server.httpPort(), producer::install, producer::connectFailed);
        }
        String failure = await(done, options.produceTimeoutSeconds(),
            () -> producers.forEach(StreamingProducer::abort));
        long first = producers.stream().mapToLong(StreamingProducer::firstSendNanos).min().orElse(0);
        long last = producers.stream().mapToLong(StreamingProducer::lastReportNanos).max().orElse(0);
        return new Run(producers.stream().mapToLong(StreamingProducer::acknowledged).sum(),
            producers.stream().mapToLong(StreamingProducer::failed).sum(), (last - first) / 1e9, failure);
    }

    private Run batches(String path, ByteBuf body, long records, ClientErrors errors) throws Exception {
        List<BatchProducer> producers = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long requests = Math.max(1, records / BATCH);
        for (int i = 0; i < CLIENTS; i++) {
            long share = requests / CLIENTS + (i < requests % CLIENTS ? 1 : 0);
            BatchProducer producer = new BatchProducer(errors, path, body, BATCH, share);
            producers.add(producer);
            done.add(producer.done());
            clients.connect(server.httpPort(), producer::install, producer::connectFailed);
        }
        String failure = await(done, options.produceTimeoutSeconds(), () -> producers.forEach(BatchProducer::abort));
        long first = producers.stream().mapToLong(BatchProducer::firstSendNanos).min().orElse(0);
        long last = producers.stream().mapToLong(BatchProducer::lastAnswerNanos).max().orElse(0);
        return new Run(producers.stream().mapToLong(BatchProducer::acknowledged).sum(),
            producers.stream().mapToLong(BatchProducer::failed).sum(), (last - first) / 1e9, failure);
    }

    /** Waits for every connection; null when all finished, else why not (after aborting them all). */
    private static String await(List<CompletableFuture<Void>> done, long seconds, Runnable abortAll)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(seconds, TimeUnit.SECONDS);
            return null;
        } catch (TimeoutException e) {
            abortAll.run();
            return "not finished within " + seconds + " s";
        } catch (ExecutionException e) {
            abortAll.run();
            return e.getCause().getMessage();
        }
    }
}
