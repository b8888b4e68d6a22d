package io.freshet.bench.workload;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produce throughput: one KafkaProducer sends {@code records} records of one size, unkeyed, as fast as send()
 * accepts them, then flushes. Timed from the first send to the end of flush (the topic's metadata is fetched
 * before the clock starts). Bounded by the producer's max.block.ms and delivery.timeout.ms; any failed record
 * fails the case.
 */
public final class ProduceWorkload {

    private ProduceWorkload() {
    }

    public static Throughput run(String bootstrap, String topic, ProduceCase produceCase) throws Exception {
        return run(bootstrap, topic, produceCase, ClientConfigs.THROUGHPUT_LINGER_MS);
    }

    /**
     * Fills a topic for the consume cases with batches of the same shape on every target: linger.ms so long that a
     * batch is sent only once full (batch.size) or at the final flush, so how fast a broker answers produce
     * requests cannot change the batches a consumer later reads.
     */
    public static void loadFullBatches(String bootstrap, String topic, ProduceCase produceCase) throws Exception {
        run(bootstrap, topic, produceCase, ClientConfigs.FULL_BATCH_LINGER_MS);
    }

    private static Throughput run(String bootstrap, String topic, ProduceCase produceCase, int lingerMs)
        throws Exception {
        byte[] value = new byte[produceCase.recordSize()];
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        Callback callback = (metadata, exception) -> {
            if (exception != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                ClientConfigs.producer(bootstrap, produceCase.acks(), lingerMs))) {
            producer.partitionsFor(topic);
            ClientThreadCpu clientCpu = ClientThreadCpu.start();
            long start = System.nanoTime();
            for (long i = 0; i < produceCase.records(); i++) {
                producer.send(new ProducerRecord<>(topic, value), callback);
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " records failed", firstFailure.get());
            }
            return new Throughput(produceCase.records(), produceCase.records() * produceCase.recordSize(), seconds,
                clientCpu.busiestShare(seconds));
        }
    }

    /** Unreported warm-up (JIT of client and broker): 100 B records, acks=1, one partition. */
    public static final String WARM_UP_TOPIC = "bench-warmup";

    public static void warmUp(String bootstrap, long records) throws Exception {
        String topic = WARM_UP_TOPIC;
        Topics.create(bootstrap, topic, 1);
        run(bootstrap, topic, new ProduceCase(100, 1, "1", records));
        TimeUnit.MILLISECONDS.sleep(200);
    }
}
