/**
 * The {@code freshet} client commands of freshet-tools ({@code topic}, {@code cluster}) and Kafka's own tools
 * ({@code kafka-log-dirs.sh}) against the real broker, run in this JVM with their output captured and parsed.
 */
package io.freshet.it.cli;
