package io.freshet.bench.parallel;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Confluent's parallel-consumer (ProcessingOrder.KEY) in a JVM of its own: version 0.5.3.3 calls classes that
 * kafka-clients 4.0 removed, so {@link Case} starts this with kafka-clients 3.9.1 on the class path. Prints one line,
 * "result PROCESSED PER_SECOND OUT_OF_ORDER REPEATED", and exits.
 *
 * <p>Arguments: bootstrap, group, topic, threads, expected records, work ms, timeout s.
 */
public final class ConfluentMain {

    private ConfluentMain() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[3]);
        int expected = Integer.parseInt(args[4]);
        long workMs = Long.parseLong(args[5]);
        long timeoutS = Long.parseLong(args[6]);
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", args[0]);
        props.put("group.id", args[1]);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        ParallelConsumerOptions<String, String> options = ParallelConsumerOptions.<String, String>builder()
                .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                .maxConcurrency(threads)
                .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                .consumer(consumer)
                .build();
        Tally tally = new Tally(expected);
        ParallelStreamProcessor<String, String> processor = ParallelStreamProcessor.createEosStreamProcessor(options);
        processor.subscribe(List.of(args[2]));
        processor.poll(context -> {
            try {
                tally.handle(context.getSingleConsumerRecord(), workMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        while (!tally.await(1) && !processor.isClosedOrFailed() && System.nanoTime() < deadline) {
            // wait for every record, a failure, or the time-out
        }
        System.out.printf(Locale.ROOT, "result %d %.1f %d %d%n", tally.processed(), tally.recordsPerSecond(),
                tally.outOfOrder(), tally.repeated());
        System.out.flush();
        Runtime.getRuntime().halt(0); // the records are counted; a draining close would only add time
    }
}
