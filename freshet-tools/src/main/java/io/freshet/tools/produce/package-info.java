/**
 * {@code freshet produce TOPIC}: lines from stdin or a file become records.
 *
 * <pre>
 *   ProduceCommandLine.parse -> ProduceRequest      (UsageException: one line + usage, exit 2)
 *   AdminConnection: topic exists? will the broker create it? (CommandFailedException: exit 1)
 *   each line: LineRecords.toRecord -> KafkaProducer.send -> DeliveryTally (callbacks, producer I/O thread)
 *              ProgressLine on a terminal (main thread)
 *   flush; summary line; exit 1 if DeliveryTally saw a failure
 * </pre>
 */
package io.freshet.tools.produce;
