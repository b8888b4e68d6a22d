package io.freshet.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method whose assertion is one of Freshet's own promises (fsync before the ack, start-up
 * time, memory topics, delays, the MQTT and HTTP gateways, Freshet-only configs, its data directory, a kill -9 of
 * the embedded broker...), not the Kafka protocol's. Against an external broker ({@link ExternalBroker}) such a test
 * is disabled and reported as skipped with "Freshet-only: " and the reason; against Freshet it runs as any other.
 *
 * <p>Do not use it to hide a test that merely fails on Apache Kafka: if the test asserts Kafka's behaviour, the
 * test or Freshet is wrong.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(FreshetOnlyCondition.class)
public @interface FreshetOnly {

    /** Why the test has no meaning on Apache Kafka, in one line. */
    String value();
}
