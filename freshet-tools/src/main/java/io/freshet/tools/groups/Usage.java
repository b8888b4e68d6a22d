package io.freshet.tools.groups;

import io.freshet.tools.cli.ToolCommand;

/** The help text of {@code freshet groups} and of each of its commands. */
final class Usage {

    static final String BOOTSTRAP = String.join("\n",
            "  -b, --bootstrap-server HOST:PORT   the broker (default " + ToolCommand.DEFAULT_BOOTSTRAP + ")",
            "      --command-config FILE          client properties (security and the like), as Kafka's tools",
            "  -X, --property KEY=VALUE           one client property; repeatable, wins over the file");

    static final String GROUPS = String.join("\n",
            "Usage: freshet groups COMMAND [options] [--bootstrap-server HOST:PORT]",
            "",
            "Consumer groups (classic and KIP-848) of a running broker, as kafka-consumer-groups shows them.",
            "",
            "  list [--state S,...]                       group id, type and state of every consumer group",
            "  describe GROUP [--members]                 committed offset, log end and lag per partition",
            "  reset-offsets --group G (--topic T[:P,...] | --all-topics) (--to-earliest | --to-latest |",
            "                --to-offset N | --to-datetime T | --shift-by N) [--dry-run | --execute]",
            "  delete --group G [--group G]...            delete inactive groups and their offsets",
            "  delete-offsets --group G --topic T[:P,...] delete a group's committed offsets of a topic",
            "  copy-offsets --group G... --to HOST:PORT   the groups' offsets, unchanged, to another cluster",
            "                [--dry-run | --execute]      (a move whose topics kept their offsets)",
            "",
            BOOTSTRAP,
            "",
            "freshet groups COMMAND --help describes one command. Exit codes: 0 done, 1 failed, 2 bad arguments.");

    static final String LIST = String.join("\n",
            "Usage: freshet groups list [--state STATE[,STATE...]] [--bootstrap-server HOST:PORT]",
            "",
            "Lists consumer groups (classic and consumer protocol): GROUP TYPE STATE, sorted by group id.",
            "",
            "  --state STATES    only groups in these states (Stable, Empty, PreparingRebalance, Reconciling, ...)",
            BOOTSTRAP);

    static final String DESCRIBE = String.join("\n",
            "Usage: freshet groups describe GROUP [--members] [--bootstrap-server HOST:PORT]",
            "",
            "A line with the group's state, type, coordinator and member count, then one row per partition:",
            "GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID",
            "(LAG = LOG-END-OFFSET - CURRENT-OFFSET; '-' where the group has committed nothing).",
            "",
            "  --members         one row per member instead: CONSUMER-ID HOST CLIENT-ID #PARTITIONS ASSIGNMENT",
            "  --group GROUP     the same as the GROUP argument",
            BOOTSTRAP);

    static final String RESET_OFFSETS = String.join("\n",
            "Usage: freshet groups reset-offsets --group GROUP (--topic TOPIC[:P,P...]... | --all-topics)",
            "         (--to-earliest | --to-latest | --to-offset N | --to-datetime DATETIME | --shift-by N)",
            "         [--dry-run | --execute] [--bootstrap-server HOST:PORT]",
            "",
            "Prints the new committed offsets (GROUP TOPIC PARTITION NEW-OFFSET); --execute commits them. The group",
            "must be inactive (no members, state Empty): stop its consumers first. New offsets are kept within",
            "[log start offset, log end offset].",
            "",
            "  --topic T[:P,...]   partitions of T (all, or those listed); repeatable",
            "  --all-topics        every partition the group has committed an offset for",
            "  --to-earliest       the log start offset",
            "  --to-latest         the log end offset",
            "  --to-offset N       offset N",
            "  --to-datetime T     the first record at or after T, " + DateTimeArgument.FORMAT,
            "                      (local time zone without an offset), or the log end if there is none",
            "  --shift-by N        the committed offset plus N (N < 0 moves back)",
            "  --dry-run           only print the plan (the default)",
            "  --execute           commit the new offsets",
            BOOTSTRAP);

    static final String DELETE = String.join("\n",
            "Usage: freshet groups delete --group GROUP [--group GROUP]... [--bootstrap-server HOST:PORT]",
            "",
            "Deletes groups and their committed offsets. A group with active members is refused (NON_EMPTY_GROUP).",
            "",
            BOOTSTRAP);

    static final String DELETE_OFFSETS = String.join("\n",
            "Usage: freshet groups delete-offsets --group GROUP --topic TOPIC[:P,P...]... "
                    + "[--bootstrap-server HOST:PORT]",
            "",
            "Deletes the group's committed offsets of these partitions (all of the topic's without a list). Refused",
            "for a topic the group's members are subscribed to (GROUP_SUBSCRIBED_TO_TOPIC).",
            "",
            BOOTSTRAP);

    static final String COPY_OFFSETS = String.join("\n",
            "Usage: freshet groups copy-offsets --group GROUP [--group GROUP]... --to HOST:PORT",
            "         [--to-command-config FILE] [--dry-run | --execute] [--bootstrap-server HOST:PORT]",
            "",
            "Copies consumer groups' committed offsets, unchanged, from this cluster (-b) to another (--to): the",
            "switch of a move in which the other cluster's topics hold the same records at the same offsets, as",
            "MirrorMaker 2 leaves them with IdentityReplicationPolicy in new topics when the logs have no gaps (no",
            "transactions, compaction or deleted records). Each offset is checked first: the partition exists there,",
            "the offset is within its log, and the record before it (the group's last read) is the same on both",
            "sides: offset, key, value, headers and timestamp. Prints GROUP TOPIC PARTITION OFFSET CHECKED-AT;",
            "--execute commits the offsets on the other cluster, and only when every check passed. Each group must",
            "have no members on the other cluster. Exactly where the group stopped: no record read twice, none",
            "skipped (MirrorMaker's own offset translation may rewind, never skip).",
            "",
            "  --group GROUP             a consumer group; repeatable",
            "  --to HOST:PORT            the other cluster's bootstrap servers",
            "  --to-command-config FILE  client properties for the other cluster (security and the like)",
            "  --dry-run                 only check and print (the default)",
            "  --execute                 commit the offsets on the other cluster",
            BOOTSTRAP);

    private Usage() {
    }
}
