package io.freshet.bench.sql;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The hand-written aggregate's state per device and window: count, sum, min, max (32 bytes in its changelog). */
final class Totals {

    static final Serde<Totals> SERDE = Serdes.serdeFrom(
        (topic, totals) -> totals == null ? null : ByteBuffer.allocate(32).putLong(totals.count)
            .putDouble(totals.sum).putDouble(totals.min).putDouble(totals.max).array(),
        (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Totals totals = new Totals();
            totals.count = buffer.getLong();
            totals.sum = buffer.getDouble();
            totals.min = buffer.getDouble();
            totals.max = buffer.getDouble();
            return totals;
        });

    long count;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;

    Totals add(double value) {
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        return this;
    }
}
