/**
 * {@code freshet groups ...}: list, describe, reset offsets of and delete consumer groups, as Apache Kafka's
 * {@code kafka-consumer-groups} does, through the Admin client of kafka-clients; and copy their offsets, checked
 * record by record, to another cluster whose topics kept their offsets (the switch of a move).
 *
 * <pre>
 *   GroupsCommand.run(args)
 *     GroupsCommandLine.parse (cli.OptionParser) -> a GroupsRequest (UsageException: one line + usage, exit 2)
 *     AdminConnection (Admin, 10 s timeouts)
 *     ListGroupsAction | DescribeGroupAction | ResetOffsetsAction | DeleteGroupsAction | DeleteOffsetsAction
 *     | CopyOffsetsAction (a second AdminConnection to the other cluster; RecordProbe reads a record on each side)
 *                                                           (CommandFailedException: "freshet groups: ...", exit 1)
 * </pre>
 *
 * Pure parts (argument parsing, {@link io.freshet.tools.groups.DateTimeArgument},
 * {@link io.freshet.tools.groups.OffsetResetPlanner}, {@link io.freshet.tools.cli.TextTable}) have no Admin
 * client, so they are unit-tested without a broker.
 */
package io.freshet.tools.groups;
