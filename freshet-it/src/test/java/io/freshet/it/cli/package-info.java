/**
 * The {@code freshet} client commands of freshet-tools ({@code topic}, {@code cluster}, {@code produce},
 * {@code consume}, {@code bench}) and Kafka's own tools ({@code kafka-log-dirs.sh}) against the real broker, run in
 * this JVM with their output captured and parsed ({@code CliRun}; {@code Cli} also feeds stdin and runs a command
 * that follows a topic on another thread).
 */
package io.freshet.it.cli;
