/**
 * {@code freshet groups ...}: list, describe, reset offsets of and delete consumer groups, as Apache Kafka's
 * {@code kafka-consumer-groups} does, through the Admin client of kafka-clients.
 *
 * <pre>
 *   GroupsCommand.run(args)
 *     GroupsCommandLine.parse (cli.OptionParser) -> a GroupsRequest (UsageException: one line + usage, exit 2)
 *     AdminConnection (Admin, 10 s timeouts)
 *     ListGroupsAction | DescribeGroupAction | ResetOffsetsAction | DeleteGroupsAction | DeleteOffsetsAction
 *                                                           (CommandFailedException: "freshet groups: ...", exit 1)
 * </pre>
 *
 * Pure parts (argument parsing, {@link io.freshet.tools.groups.DateTimeArgument},
 * {@link io.freshet.tools.groups.OffsetResetPlanner}, {@link io.freshet.tools.cli.TextTable}) have no Admin
 * client, so they are unit-tested without a broker.
 */
package io.freshet.tools.groups;
