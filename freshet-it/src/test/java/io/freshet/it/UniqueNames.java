package io.freshet.it;

import java.util.UUID;

/**
 * Topic and group names unique per test run. Against an embedded Freshet each class has a broker of its own, but
 * against an external broker (Apache Kafka, {@code -Dfreshet.it.bootstrap}) every class and every rerun shares one,
 * so a fixed name such as {@code orders} meets the topic another test created.
 */
public final class UniqueNames {

    private UniqueNames() {
    }

    /** {@code prefix} plus a random suffix: {@code orders-1f3c9a0b}. */
    public static String of(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
