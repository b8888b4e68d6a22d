package io.freshet.mqtt;

import io.freshet.mqtt.RawMqttClient.Bytes;
import io.freshet.storage.testing.AllocationMeter;
import io.freshet.storage.testing.FuzzBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile MQTT byte streams through the listener's real pipeline ({@link MqttServer#installOn}: netty's
 * MqttDecoder with the packet limit, then Freshet's MqttConnection and session layer) on an EmbeddedChannel, so the
 * work happens on the test thread and its allocation can be measured. Streams are valid conversations (3.1.1 and
 * 5: CONNECT, PUBLISH with properties and topic aliases, SUBSCRIBE, PINGREQ, DISCONNECT) mutated, cut into random
 * chunks, or remaining lengths of 5-byte varints and 256 MB. Property: no exception escapes the pipeline, every
 * byte the server writes is a whole MQTT packet, the memory allocated stays within a multiple of the input plus a
 * constant (never the length a packet claims), and a well-behaved client is served afterwards.
 */
@AddLifecycleHook(FuzzBudget.class)
class MqttPacketFuzzTest {

    private static final int MAX_PACKET_SIZE = 4096;
    /** The session layer's own work per conversation (log appends, session state): far below a claimed 256 MB. */
    private static final long ALLOCATION_CONSTANT = 16 << 20;
    private static MqttFixture fixture;

    @BeforeContainer
    static void start() throws IOException {
        fixture = MqttFixture.start(Files.createTempDirectory("mqtt-fuzz"), new MqttConfig("127.0.0.1", 0,
            MAX_PACKET_SIZE, 1000, 5, 128, 8, 3600, ""), Time.SYSTEM);
        for (byte[] conversation : conversations()) {
            feed(conversation, new Random(1)); // warm-up: class loading is not the input's allocation
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            // A Paho client on the real socket listener: its QoS 1 PUBLISH is acknowledged once stored.
            Paho5 client = Paho5.connect(fixture.mqttUri(), "after-fuzz");
            org.eclipse.paho.mqttv5.common.MqttMessage message =
                new org.eclipse.paho.mqttv5.common.MqttMessage("still served".getBytes());
            message.setQos(1);
            client.client.publish("afterfuzz/x", message).waitForCompletion(10_000);
            client.close();
            assertThat(fixture.recordCount("afterfuzz")).isEqualTo(1);
        } finally {
            fixture.close();
        }
    }

    @Property(tries = 40)
    void aMutatedConversationNeverEscapesThePipeline(@ForAll("streams") byte[] stream, @ForAll long chunking) {
        feed(stream, new Random(chunking));
    }

    /** Remaining lengths a client may not send: a 5-byte varint, 256 MB, 2^31-1 in 5 bytes; after CONNECT or first. */
    @Example
    void hugeAndOverlongRemainingLengthsAreRefusedWithoutBuffering() {
        byte[][] lengths = {
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}};
        for (int level : new int[] {4, 5}) {
            for (byte[] length : lengths) {
                ByteArrayOutputStream stream = new ByteArrayOutputStream();
                stream.writeBytes(RawMqttClient.connect(level, "huge-" + level, true, 60, 0));
                stream.write(0x30);
                stream.writeBytes(length);
                stream.writeBytes(new byte[64]);
                EmbeddedChannel channel = feed(stream.toByteArray(), new Random(level));
                assertThat(channel.isOpen()).as("level %d, length %s", level, Arrays.toString(length)).isFalse();
            }
        }
    }

    /** Feeds {@code stream} in random chunks and checks the properties; returns the channel, closed or not. */
    private static EmbeddedChannel feed(byte[] stream, Random random) {
        EmbeddedChannel channel = new EmbeddedChannel();
        fixture.server().installOn(channel.pipeline());
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AllocationMeter.Measured run = AllocationMeter.measure(() -> {
            int at = 0;
            while (at < stream.length && channel.isOpen()) {
                int n = Math.min(stream.length - at, 1 + random.nextInt(64));
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
                } catch (Exception e) {
                    // EmbeddedChannel rethrows ClosedChannelException (undeclared) when the server closed the
                    // connection from another thread between the isOpen check and this write: stop feeding.
                    if (channel.isOpen() || !(e instanceof java.nio.channels.ClosedChannelException)) {
                        throw e;
                    }
                    break; // the server closed the connection while it was fed from another thread
                }
                at += n;
                channel.runPendingTasks();
                drain(channel, written);
            }
            channel.runPendingTasks();
            drain(channel, written);
        });
        if (run.thrown() != null) {
            throw new AssertionError("Escaped the MQTT pipeline: " + run.thrown(), run.thrown());
        }
        assertThat(run.bytes()).as("bytes allocated for a stream of %d bytes", stream.length)
            .isLessThan(ALLOCATION_CONSTANT + 64L * stream.length);
        assertWholePackets(written.toByteArray());
        channel.close();
        channel.runPendingTasks();
        channel.releaseOutbound();
        return channel;
    }

    private static void drain(EmbeddedChannel channel, ByteArrayOutputStream into) {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (out instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                into.writeBytes(bytes);
                buf.release();
            }
        }
    }

    /** Every packet the server wrote is a valid fixed header (a server-to-client type) and exactly its body. */
    private static void assertWholePackets(byte[] out) {
        int at = 0;
        while (at < out.length) {
            int type = (out[at] & 0xFF) >> 4;
            assertThat(type).as("packet type at %d of %s", at, Arrays.toString(out)).isIn(2, 3, 4, 5, 6, 7, 9, 11, 13,
                14, 15);
            int[] length = new int[1];
            int lengthBytes = RawMqttClient.readVariableInt(out, at + 1, length);
            at = at + 1 + lengthBytes + length[0];
            assertThat(at).as("packet end within what was written").isLessThanOrEqualTo(out.length);
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<byte[]> conversation = Arbitraries.of(conversations());
        Arbitrary<List<int[]>> mutations = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers())
            .as((kind, position, value) -> new int[] {kind, position, value}).list().ofMaxSize(4);
        return Combinators.combine(conversation, mutations).as((bytes, list) -> {
            byte[] out = bytes;
            for (int[] m : list) {
                out = mutate(out, m[0], m[1], m[2]);
            }
            return out;
        });
    }

    private static byte[] mutate(byte[] in, int kind, int position, int value) {
        if (in.length == 0) {
            return in;
        }
        int at = position % in.length;
        byte[] out = in.clone();
        switch (kind) {
            case 0 -> out[at] ^= (byte) (1 << (value & 7));
            case 1 -> out[at] = (byte) value;
            case 2 -> {
                // a remaining length or property length rewritten as a long varint
                byte[] varint = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) (value & 0x7F)};
                System.arraycopy(varint, 0, out, at, Math.min(varint.length, out.length - at));
            }
            case 3 -> out = Arrays.copyOf(in, at);
            default -> {
                byte[] tail = new byte[value & 127];
                new Random(value).nextBytes(tail);
                out = Arrays.copyOf(in, in.length + tail.length);
                System.arraycopy(tail, 0, out, in.length, tail.length);
            }
        }
        return out;
    }

    private static List<byte[]> conversations() {
        List<byte[]> out = new ArrayList<>();
        for (int level : new int[] {4, 5}) {
            out.add(concat(RawMqttClient.connect(level, "fuzz-" + level, true, 60, 0),
                RawMqttClient.publish(level, "fuzz/a", 0, 0, false, "zero".getBytes()),
                RawMqttClient.publish(level, "fuzz/b", 1, 1, false, "one".getBytes()),
                RawMqttClient.publish(level, "fuzz/c", 2, 2, false, "two".getBytes()),
                RawMqttClient.pubrel(2),
                RawMqttClient.subscribe(level, 3, "fuzz/#", 1),
                RawMqttClient.pingreq(),
                RawMqttClient.disconnect()));
            out.add(concat(RawMqttClient.connect("MQTT", level, "will-" + level, false, 10, 60, "fuzz/will",
                "gone".getBytes(), 5), RawMqttClient.subscribe(level, 1, "$share/g/fuzz/+", 2)));
        }
        Bytes connectProperties = new Bytes().u8(0x11).u32(30).u8(0x21).u16(10).u8(0x22).u16(4).u8(0x27).u32(2048)
            .u8(0x26).string("k").string("v");
        Bytes aliasAndProperties = new Bytes().u8(0x23).u16(1).u8(0x01).u8(1).u8(0x02).u32(60).u8(0x03)
            .string("text/plain").u8(0x08).string("fuzz/reply").u8(0x09).binary(new byte[] {1, 2}).u8(0x26)
            .string("a").string("b");
        out.add(concat(RawMqttClient.connect5("props", connectProperties),
            RawMqttClient.publish(5, "fuzz/alias", 1, 7, false, "aliased".getBytes(), aliasAndProperties),
            RawMqttClient.publish(5, "", 0, 0, false, "by alias".getBytes(), new Bytes().u8(0x23).u16(1)),
            RawMqttClient.publish(5, "", 0, 0, false, "unknown alias".getBytes(), new Bytes().u8(0x23).u16(9)),
            RawMqttClient.subscribe5(8, "fuzz/+", 2, 42),
            RawMqttClient.disconnect5(0, 0)));
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
