package io.freshet.bench.sql;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmark's input, the issue's {@code readings} stream: key = device ({@value #DEVICES} of them, plain
 * UTF-8 as KEY_FORMAT KAFKA reads it), value = a JSON object of exactly {@value #VALUE_SIZE} bytes with TEMP and
 * TS (and padding fields a query ignores). Reading i: device i mod 10,000, event time {@link #BASE_TIME} + i ms
 * (also the record timestamp), temperature deterministic in i, about 10 % above 80. The same records on every
 * broker and round.
 */
public final class Readings {

    public static final int DEVICES = 10_000;
    public static final int VALUE_SIZE = 100;
    /**
     * The hour before this run's start: window boundaries fall on whole minutes, and the records are recent, since
     * a broker's time retention (7 days by default) deletes older ones within minutes of their writing.
     */
    public static final long BASE_TIME = (System.currentTimeMillis() / 3_600_000L - 1) * 3_600_000L;
    public static final double HOT = 80.0;

    private Readings() {
    }

    public static String device(long i) {
        return String.format(Locale.ROOT, "device-%05d", i % DEVICES);
    }

    public static long timestamp(long i) {
        return BASE_TIME + i;
    }

    /** 20.00 to 86.66 in steps of 0.01, spread over i by a multiplicative hash. */
    public static double temperature(long i) {
        long spread = (i * 2_654_435_761L) & 0x7fff_ffffL;
        return 20 + (spread % 6_667) / 100.0;
    }

    public static boolean hot(long i) {
        return temperature(i) > HOT;
    }

    public static byte[] value(long i) {
        return json(temperature(i), timestamp(i));
    }

    /** {"TEMP":t,"TS":ts,"SITE":...,"FW":...,"PAD":"xxx"} padded to exactly VALUE_SIZE bytes. */
    public static byte[] json(double temperature, long timestamp) {
        String head = String.format(Locale.ROOT, "{\"TEMP\":%.2f,\"TS\":%d,\"SITE\":\"site-%03d\",\"FW\":\"2.14.7\","
            + "\"PAD\":\"", temperature, timestamp, Math.floorMod(timestamp, 200));
        int pad = VALUE_SIZE - head.length() - 2;
        return (head + "x".repeat(Math.max(0, pad)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] key(String device) {
        return device.getBytes(StandardCharsets.UTF_8);
    }
}
