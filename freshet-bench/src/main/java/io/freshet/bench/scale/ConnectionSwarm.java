package io.freshet.bench.scale;

import io.freshet.bench.proc.ProcCpu;
import io.freshet.bench.report.LatencyHistogram;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The IoT shape without 2,000 client JVM threads: one thread, one NIO selector, {@code connections} sockets. Each
 * socket sends Produce v9 requests (acks=all, one record of {@code valueBytes} per request, built with kafka-clients'
 * {@code ProduceRequestData}, {@code MemoryRecords.withRecords} and {@code RequestHeader}) at
 * {@code ratePerConnection}/s. Sends are spread evenly: send s goes out at start + s / totalRate on socket
 * s % connections, so each socket sends every 1/ratePerConnection s and the sockets take turns. The loop sleeps in
 * select() for at most 1 ms, so a send leaves at most about 1 ms after its slot. Latency is from the write of the
 * request to the read of its answer (answers come back in order on a connection); only sends after the warm-up
 * count. Answers with an error count as errors, not as latencies.
 */
final class ConnectionSwarm {

    private static final short PRODUCE_VERSION = 9;
    private static final int ACK_TIMEOUT_MS = 30_000;

    /** What one run measured. */
    record Result(int connections, double targetRate, double ackedPerSecond, long acked, long errors,
                  long lateSends, LatencyHistogram latency, double clientCpuSeconds, double seconds) {
    }

    private final String topic;
    private final int partitions;
    private final int valueBytes;

    ConnectionSwarm(String topic, int partitions, int valueBytes) {
        this.topic = topic;
        this.partitions = partitions;
        this.valueBytes = valueBytes;
    }

    /** One socket's state: its pending answers' send times and headers, and a read buffer. */
    private static final class Conn {
        final SocketChannel channel;
        final int partition;
        final ArrayDeque<long[]> inFlight = new ArrayDeque<>();   // {sendNanos, correlationId, counted}
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer pendingOut;
        int correlation;

        Conn(SocketChannel channel, int partition) {
            this.channel = channel;
            this.partition = partition;
        }
    }

    Result run(int port, int connections, double ratePerConnection, long warmupMillis, long measureMillis)
        throws IOException {
        double totalRate = connections * ratePerConnection;
        long slotNanos = (long) (1e9 / totalRate);
        byte[] value = new byte[valueBytes];
        List<Conn> conns = new ArrayList<>(connections);
        LatencyHistogram latency = new LatencyHistogram();
        long acked = 0;
        long errors = 0;
        long late = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Conn conn = new Conn(channel, i % partitions);
                channel.register(selector, SelectionKey.OP_READ, conn);
                conns.add(conn);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmupMillis * 1_000_000L;
            long sendUntil = measureFrom + measureMillis * 1_000_000L;
            long drainUntil = sendUntil + 10_000_000_000L;
            long self = ProcessHandle.current().pid();
            double cpuAtMeasure = -1;
            double cpuAtEnd = -1;
            long seq = 0;
            while (true) {
                long now = System.nanoTime();
                if (cpuAtMeasure < 0 && now >= measureFrom) {
                    cpuAtMeasure = ProcCpu.seconds(self);
                }
                if (now >= sendUntil && cpuAtEnd < 0) {
                    cpuAtEnd = ProcCpu.seconds(self);
                }
                boolean pending = false;
                for (Conn c : conns) {
                    if (!c.inFlight.isEmpty()) {
                        pending = true;
                        break;
                    }
                }
                if (now >= drainUntil || (now >= sendUntil && !pending)) {
                    break;
                }
                while (now < sendUntil && start + seq * slotNanos <= now) {
                    Conn c = conns.get((int) (seq % connections));
                    if (now - (start + seq * slotNanos) > 2_000_000L && now >= measureFrom) {
                        late++;
                    }
                    send(c, value, now, now >= measureFrom);
                    seq++;
                }
                selector.select(1);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    long[] counts = read(c, latency);
                    acked += counts[0];
                    errors += counts[1];
                }
                selector.selectedKeys().clear();
                for (Conn c : conns) {
                    if (c.pendingOut != null) {
                        c.channel.write(c.pendingOut);
                        if (!c.pendingOut.hasRemaining()) {
                            c.pendingOut = null;
                        }
                    }
                }
            }
            long stillPending = conns.stream().mapToLong(c -> c.inFlight.size()).sum();
            double seconds = measureMillis / 1000.0;
            return new Result(connections, totalRate, acked / seconds, acked, errors + stillPending, late, latency,
                cpuAtEnd - cpuAtMeasure, seconds);
        } finally {
            for (Conn c : conns) {
                try {
                    c.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private void send(Conn c, byte[] value, long now, boolean counted) throws IOException {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(ACK_TIMEOUT_MS);
        ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData().setName(topic);
        topicData.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(c.partition)
            .setRecords(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(System.currentTimeMillis(), null, value))));
        data.topicData().add(topicData);
        int correlation = ++c.correlation;
        RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, PRODUCE_VERSION, "iot", correlation);
        ByteBuffer body = new ProduceRequest(data, PRODUCE_VERSION).serializeWithHeader(header);
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining());
        frame.putInt(body.remaining()).put(body).flip();
        c.inFlight.add(new long[] {System.nanoTime(), correlation, counted ? 1 : 0});
        if (c.pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(c.pendingOut.remaining() + frame.remaining());
            joined.put(c.pendingOut).put(frame).flip();
            c.pendingOut = joined;
            return;
        }
        c.channel.write(frame);
        if (frame.hasRemaining()) {
            c.pendingOut = frame;
        }
    }

    /** Reads what arrived; returns {counted acks, counted errors}. */
    private long[] read(Conn c, LatencyHistogram latency) throws IOException {
        long[] counts = new long[2];
        int n = c.channel.read(c.in);
        if (n < 0) {
            throw new IOException("the broker closed a connection (" + c.inFlight.size() + " answers pending)");
        }
        long now = System.nanoTime();
        c.in.flip();
        while (c.in.remaining() >= 4) {
            int size = c.in.getInt(c.in.position());
            if (size + 4 > c.in.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocate(size + 4);
                bigger.put(c.in);
                c.in = bigger;
                return counts;
            }
            if (c.in.remaining() < 4 + size) {
                break;
            }
            c.in.getInt();
            ByteBuffer body = c.in.slice(c.in.position(), size);
            c.in.position(c.in.position() + size);
            long[] sent = c.inFlight.poll();
            if (sent == null) {
                throw new IOException("an answer nobody asked for");
            }
            RequestHeader header = new RequestHeader(ApiKeys.PRODUCE, PRODUCE_VERSION, "iot", (int) sent[1]);
            ProduceResponse response = (ProduceResponse) AbstractResponse.parseResponse(body, header);
            boolean ok = true;
            for (ProduceResponseData.TopicProduceResponse t : response.data().responses()) {
                for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                    ok &= p.errorCode() == 0;
                }
            }
            if (sent[2] == 1) {
                if (ok) {
                    counts[0]++;
                    latency.record(now - sent[0]);
                } else {
                    counts[1]++;
                }
            }
        }
        c.in.compact();
        return counts;
    }
}
