package io.freshet.bench.scale;

import io.freshet.bench.proc.ProcCpu;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One KafkaProducer (acks=all, linger.ms=5, the client's other defaults) sending for a fixed time values of
 * {@code valueBytes} with keys, record i to partition i / topics % partitionsPerTopic of topic i % topics, so
 * consecutive records go to different partitions and every partition gets its share. Each partition gets one
 * record first, untimed, so the producer has every topic's metadata before the clock starts.
 */
final class SpreadProducer {

    /** Records/s from the first timed send to the last acknowledgement, and the harness JVM's CPU seconds then. */
    record Result(double recordsPerSecond, double clientCpuSeconds, double seconds) {
    }

    private SpreadProducer() {
    }

    /**
     * Sends for {@code sendMillis} (send() blocks while the producer's buffer is full, so the broker sets the pace),
     * then waits (at most {@code timeoutMillis}) for every acknowledgement.
     */
    static Result run(String bootstrap, String prefix, int topics, int partitionsPerTopic, long sendMillis,
                      int valueBytes, long timeoutMillis) throws Exception {
        byte[] value = new byte[valueBytes];
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000),
            new ByteArraySerializer(), new ByteArraySerializer())) {
            int partitions = topics * partitionsPerTopic;
            for (int i = 0; i < partitions; i++) {
                send(producer, prefix, topics, partitionsPerTopic, i, value, failed, firstError);
            }
            producer.flush();
            long self = ProcessHandle.current().pid();
            double cpuBefore = ProcCpu.seconds(self);
            long start = System.nanoTime();
            long sendUntil = start + sendMillis * 1_000_000L;
            long records = 0;
            while ((records & 0xff) != 0 || System.nanoTime() < sendUntil) {
                send(producer, prefix, topics, partitionsPerTopic, records++, value, failed, firstError);
            }
            Thread flusher = new Thread(producer::flush, "scale-flush");
            flusher.start();
            flusher.join(timeoutMillis);
            if (flusher.isAlive()) {
                throw new IOException("the last of " + records + " records were not acknowledged within "
                    + timeoutMillis / 1000 + " s of the end of sending");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = ProcCpu.seconds(self) - cpuBefore;
            if (failed.get() > 0) {
                throw new IOException(failed.get() + " records failed; first: " + firstError.get());
            }
            return new Result(records / seconds, cpu, seconds);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String prefix, int topics, int perTopic, long i,
                             byte[] value, AtomicLong failed, AtomicReference<Exception> firstError) {
        String topic = PartitionCreator.topic(prefix, (int) (i % topics));
        int partition = (int) (i / topics % perTopic);
        byte[] key = ByteBuffer.allocate(8).putLong(i).array();
        producer.send(new ProducerRecord<>(topic, partition, key, value), (metadata, e) -> {
            if (e != null && failed.getAndIncrement() == 0) {
                firstError.set(e);
            }
        });
    }

}
