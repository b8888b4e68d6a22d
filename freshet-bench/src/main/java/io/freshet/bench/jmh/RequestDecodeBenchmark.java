package io.freshet.bench.jmh;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.RequestHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The protocol cost of a request around the storage work, with kafka-clients' own message classes as the broker
 * uses them.
 *
 * <p>{@link #decodeProduce}: a Produce frame (one topic, one partition, one 64 KiB batch of 100 B records) encoded
 * once in set-up; each invocation parses the header, decodes {@link ProduceRequestData} (the records stay a slice of
 * the frame, no copy) and CRC-checks every batch, which is what the broker does per request before the append.
 * v9 names topics with flexible (compact) encoding; v12 is the newest version that still names topics (v13+ uses
 * topic ids).
 *
 * <p>{@link #encodeFetchResponse}: a Fetch response (latest version) carrying one partition with 1 MiB of records
 * (16 batches of 64 KiB), sized with an {@link ObjectSerializationCache} and written through a
 * {@link ByteBufferAccessor} into a reused direct buffer (as a pooled Netty buffer would be). The records are
 * copied into the frame: this is the cost that zero-copy fetch (sendfile/FileRegion) removes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestDecodeBenchmark {

    /** One Produce request frame (header + body, without the int32 size prefix, as the FrameDecoder hands it on). */
    @State(Scope.Thread)
    public static class ProduceFrame {

        @Param({"9", "12"})
        public short version;

        ByteBuffer frame;

        @Setup(Level.Trial)
        public void setUp() {
            MemoryRecords records = BenchRecords.plainBatch(100);
            ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
            topics.add(new ProduceRequestData.TopicProduceData().setName("bench").setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records))));
            ProduceRequestData body = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000)
                .setTopicData(topics);
            RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, version, "bench-producer", 7);
            ObjectSerializationCache cache = new ObjectSerializationCache();
            short headerVersion = header.headerVersion();
            int size = header.data().size(cache, headerVersion) + body.size(cache, version);
            frame = ByteBuffer.allocate(size);
            ByteBufferAccessor out = new ByteBufferAccessor(frame);
            header.data().write(out, cache, headerVersion);
            body.write(out, cache, version);
            if (frame.hasRemaining()) {
                throw new IllegalStateException("Produce frame sized " + size + " but wrote " + frame.position());
            }
            frame.flip();
        }
    }

    /** A Fetch response body with 1 MiB of records, and the direct buffer it is encoded into. */
    @State(Scope.Thread)
    public static class FetchResponse {

        static final int BATCHES = 16;

        short version;
        FetchResponseData body;
        ByteBuffer out;
        int recordBytes;

        @Setup(Level.Trial)
        public void setUp() {
            version = ApiKeys.FETCH.latestVersion();
            MemoryRecords template = BenchRecords.plainBatch(100);
            int perBatch = BenchRecords.recordsPerBatch(100);
            ByteBuffer all = ByteBuffer.allocate(BATCHES * template.sizeInBytes());
            for (int i = 0; i < BATCHES; i++) {
                MemoryRecords batch = MemoryRecords.withRecords((long) i * perBatch, Compression.NONE,
                    BenchRecords.records(100, i));
                all.put(batch.buffer().duplicate());
            }
            all.flip();
            MemoryRecords records = MemoryRecords.readableRecords(all);
            recordBytes = records.sizeInBytes();
            FetchResponseData.FetchableTopicResponse topic = new FetchResponseData.FetchableTopicResponse()
                .setTopic("bench").setTopicId(Uuid.randomUuid()).setPartitions(List.of(
                    new FetchResponseData.PartitionData().setPartitionIndex(0).setHighWatermark(BATCHES * perBatch)
                        .setLastStableOffset(BATCHES * perBatch).setLogStartOffset(0).setRecords(records)));
            body = new FetchResponseData().setThrottleTimeMs(0).setSessionId(0).setResponses(List.of(topic));
            out = ByteBuffer.allocateDirect(recordBytes + 4096);
        }
    }

    @Benchmark
    public void decodeProduce(ProduceFrame f, ByteCounter bytes, Blackhole bh) {
        ByteBuffer buf = f.frame.duplicate();
        bytes.megabytes += buf.remaining() / 1e6;
        RequestHeader header = RequestHeader.parse(buf);
        ProduceRequestData request = new ProduceRequestData(new ByteBufferAccessor(buf), header.apiVersion());
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                for (MutableRecordBatch batch : ((MemoryRecords) partition.records()).batches()) {
                    bh.consume(batch.isValid());
                }
            }
        }
        bh.consume(header);
        bh.consume(request);
    }

    @Benchmark
    public int encodeFetchResponse(FetchResponse f, ByteCounter bytes) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(7);
        short headerVersion = ApiKeys.FETCH.responseHeaderVersion(f.version);
        int size = header.size(cache, headerVersion) + f.body.size(cache, f.version);
        ByteBuffer out = f.out;
        out.clear();
        out.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(out);
        header.write(accessor, cache, headerVersion);
        f.body.write(accessor, cache, f.version);
        bytes.megabytes += f.recordBytes / 1e6;
        return out.position();
    }
}
