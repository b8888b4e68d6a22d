/**
 * Integration tests: the real broker (in this JVM through the testkit, or in its own JVM through
 * {@link io.freshet.testkit.FreshetProcess} when a test kills it with SIGKILL) driven by real clients: the Java
 * client, Kafka Streams, librdkafka ({@code kcat}, {@code python3-confluent-kafka}) and kafkajs as processes. Each
 * test asserts what a user would check (counts, order, offsets, contents, error codes); a failed one keeps its
 * data directory under {@code target/it-data} and prints it. Faults are real where this machine allows: processes
 * killed with SIGKILL, torn files, a small loop-mounted filesystem filled to the brim ({@link io.freshet.it.SmallFilesystem}).
 */
package io.freshet.it;
