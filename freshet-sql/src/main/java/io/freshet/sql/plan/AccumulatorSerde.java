package io.freshet.sql.plan;

import io.freshet.sql.function.AggregateFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The accumulators of one aggregate query (one per aggregate call, an {@code Object[]}) as kept in its state store
 * and changelog topic. Layout: a version byte (1), then each accumulator as its function writes it. The layout is
 * part of a query's durable state: a change to it needs a new version, read alongside the old.
 */
final class AccumulatorSerde implements Serde<Object[]> {

    private static final byte VERSION = 1;

    private final List<AggregateFunction> functions;

    AccumulatorSerde(List<AggregateFunction> functions) {
        this.functions = List.copyOf(functions);
    }

    @Override
    public Serializer<Object[]> serializer() {
        return (topic, accumulators) -> accumulators == null ? null : write(accumulators);
    }

    @Override
    public Deserializer<Object[]> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    private byte[] write(Object[] accumulators) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            for (int i = 0; i < functions.size(); i++) {
                functions.get(i).write(accumulators[i], out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Object[] read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("aggregate state of unknown version " + version);
            }
            Object[] accumulators = new Object[functions.size()];
            for (int i = 0; i < accumulators.length; i++) {
                accumulators[i] = functions.get(i).read(in);
            }
            return accumulators;
        } catch (IOException e) {
            throw new SerializationException("truncated aggregate state", e);
        }
    }
}
