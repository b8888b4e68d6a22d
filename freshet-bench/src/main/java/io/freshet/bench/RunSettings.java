package io.freshet.bench;

import io.freshet.bench.launch.FreshetLauncher;
import io.freshet.bench.workload.ClientConfigs;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** The settings section of the report: how each target was started and what each workload did. */
final class RunSettings {

    private RunSettings() {
    }

    static List<String> describe(BenchOptions options) {
        FreshetLauncher freshet = new FreshetLauncher(options.repoRoot(), Path.of("."));
        String freshetOpts = String.join(" ", freshet.javaOptions()).replace(options.repoRoot() + "/", "");
        return List.of(
            "**Freshet**: `java " + freshetOpts + " -jar freshet-server/target/freshet.jar server --port P "
                + "--data-dir <fresh temp dir>` (the `./freshet` launcher's JVM options, with its class-data "
                + "archive when one exists; at this run: " + freshet.archiveState() + "); broker defaults otherwise; the data dir is deleted after each round.",
            "**Kafka**: `kafka.sh start P` from the Apache Kafka anchor (KRaft, one node, `-Xmx1g -Xms1g` and the G1 "
                + "flags of Kafka's scripts, default `server.properties`, a fresh data dir per round); "
                + "**Kafka fsync**: the same with `KAFKA_ANCHOR_FSYNC=1` (`log.flush.interval.messages=1`).",
            "**ceiling**: `io.freshet.bench.sink.ProduceSink` in its own JVM (Freshet's JVM options): answers "
                + "Produce with success and keeps only each partition's first batch; answers Fetch from memory with copies of "
                + "that batch at the offsets asked for. Produce and consume cases: the client alone.",
            "**Client**: one JVM, this harness (`" + String.join(" ",
                ManagementFactory.getRuntimeMXBean().getInputArguments()).replaceAll("-Dbench\\.\\S+ ?", "").trim()
                + "`); all brokers on 127.0.0.1.",
            "Targets alternate within a round; the order rotates by one each round. Each target's round starts "
                + "with an unreported warm-up of " + String.format("%,d", options.warmUpRecords())
                + " records of 100 B (acks=1), read back once by a consumer. Before round 1, an unreported round 0 "
                + "runs every produce and consume case once with a quarter of its records against the sink, so that "
                + "the first target of round 1 does not measure the harness's own client code still cold.",
            "**Produce**: a fresh topic per case (Admin, replication factor 1); one KafkaProducer, "
                + ClientConfigs.PRODUCER_SETTINGS + ", idempotence as the client defaults it (on for acks=all, off "
                + "for acks=1), unkeyed records sent as fast as send() accepts them; "
                + String.format("%,d", options.records100()) + " records of 100 B, "
                + String.format("%,d", options.records1024()) + " of 1 KiB per case; timed from the first send to "
                + "the end of flush(). MB = 2^20 bytes of values.",
            "**Consume**: for each produce case's size and partition count a fresh topic filled untimed with "
                + BenchOptions.CONSUME_RECORDS_FACTOR + " times its number of records, " + ClientConfigs.CONSUME_LOAD_SETTINGS + ", written back to disk (`sync`: each "
                + "target's data at rest, none still being flushed by the broker or the kernel), then read back, "
                + ClientConfigs.CONSUMER_SETTINGS + ", " + BenchOptions.CONSUME_PASSES + " times over, each pass "
                + "a fresh consumer from the first offset; each pass timed from its first poll to its last record, "
                + "the passes reported as one (records and time summed).",
            "**e2e**: " + BenchOptions.E2E_RATES + " records/s of 100 B, " + ClientConfigs.E2E_PRODUCER_SETTINGS
                + ", each record carrying its send nanoTime; a consumer thread in the same JVM (assign(), fetch "
                + "defaults) takes the latency on receipt; " + options.e2eWarmUp().toSeconds() + " s warm-up, "
                + options.e2eMeasured().toSeconds() + " s measured; nearest-rank percentiles of all samples.",
            "**Broker CPU**: utime+stime from `/proc/PID/stat` before and after each case (Kafka's pid from "
                + "`kafka.sh start`); **memory**: VmRSS and VmHWM from `/proc/PID/status`.",
            "**Busiest client thread**: CPU time (ThreadMXBean) over the timed case of the thread that sends or "
                + "polls and of the producer's I/O thread, the larger one as a share of one core: near 1.0 that client "
                + "thread, not the broker, bounds the case (the classic consumer parses fetched records in poll()).");
    }
}
