/**
 * {@code freshet consume TOPIC}: records printed as kcat prints them.
 *
 * <pre>
 *   ConsumeCommandLine.parse -> ConsumeRequest (StartOffset, RecordFormat: FormatString | JsonFormat)
 *   AdminConnection: the topic's partitions                   (unknown topic: exit 1)
 *   ConsumeLoop.run: assign + seek (no group) | subscribe + seek where nothing is committed (group)
 *                    poll -> format -> out; commit what was printed
 *   stop: CtrlC (SIGINT) or the shutdown hook -> ConsumeLoop.stop (consumer.wakeup)
 * </pre>
 */
package io.freshet.tools.consume;
