package io.freshet.testkit;

import java.util.Optional;

/**
 * The one switch that points the tests at another Kafka-protocol broker instead of an embedded Freshet:
 * {@code -Dfreshet.it.bootstrap=HOST:PORT[,HOST:PORT...]}. Read on each call, so a test launcher can set it late.
 *
 * <p>{@link FreshetExtension} then starts no Freshet and hands out this list as its bootstrap servers, and
 * {@link FreshetOnly} disables the tests of Freshet's own promises. Unset (as in CI), nothing changes.
 */
public final class ExternalBroker {

    /** The system property that names the external broker's bootstrap servers. */
    public static final String BOOTSTRAP_PROPERTY = "freshet.it.bootstrap";

    private ExternalBroker() {
    }

    /** The external bootstrap list, if {@value #BOOTSTRAP_PROPERTY} is set and not blank. */
    public static Optional<String> bootstrap() {
        String value = System.getProperty(BOOTSTRAP_PROPERTY, "").strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** True when the tests run against an external broker rather than Freshet. */
    public static boolean isSet() {
        return bootstrap().isPresent();
    }
}
