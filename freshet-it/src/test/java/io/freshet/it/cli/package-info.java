/**
 * The {@code freshet} client commands of freshet-tools ({@code topic}, {@code cluster}, {@code produce},
 * {@code consume}, {@code bench}) and Kafka's own tools ({@code kafka-log-dirs.sh}) against the real broker, run in
 * this JVM with their output captured and parsed by {@code Cli} (which also feeds stdin and runs a command that
 * follows a topic on another thread; {@code io.freshet.it.GroupsCliTest} runs {@code freshet groups} with it).
 */
package io.freshet.it.cli;
