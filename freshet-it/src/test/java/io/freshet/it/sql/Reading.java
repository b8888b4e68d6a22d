package io.freshet.it.sql;

import java.util.Locale;

/**
 * One input record of the {@code readings} stream: the device is the record key (KAFKA format: the UTF-8 string),
 * the value is JSON in lower case as an application writes it ({@code {"temp": 81.25, "ts": 1700000000000}}); the
 * event time is {@code ts} ({@code TIMESTAMP='ts'}).
 */
record Reading(String device, double temp, long ts) {

    String json() {
        return String.format(Locale.ROOT, "{\"temp\": %s, \"ts\": %d}", Double.toString(temp), ts);
    }
}
