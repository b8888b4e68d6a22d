package io.freshet.tools.topic;

import io.freshet.tools.cli.ClientProperties;

/** The help text of {@code freshet topic} and of each of its commands. */
final class TopicUsage {

    static final String CONNECTION = ClientProperties.USAGE;

    static final String TOPIC = String.join("\n",
            "Usage: freshet topic COMMAND [options] [-b HOST:PORT]",
            "",
            "Topics of a running broker (Freshet or any Kafka-protocol cluster).",
            "",
            "  create NAME... [-p N] [-r N] [-c k=v]...   create topics",
            "  list [--internal] [-d]                     topics with their partition and replica counts",
            "  describe NAME... [--print-configs]         summary, configs, partitions with offsets and size on disk",
            "  delete NAME... [--if-exists]               delete topics",
            "  alter-config NAME... [--set k=v]... [--delete k]...   set or remove topic configs",
            "  add-partitions NAME... -n N                add N partitions",
            "",
            CONNECTION,
            "",
            "freshet topic COMMAND --help describes one command. Exit codes: 0 done, 1 failed, 2 bad arguments.");

    static final String CREATE = String.join("\n",
            "Usage: freshet topic create NAME... [-p N] [-r N] [-c KEY=VALUE]... [--if-not-exists] [-b HOST:PORT]",
            "",
            "Creates topics (with the same settings) and prints TOPIC STATUS for each.",
            "",
            "  -p, --partitions N           partitions (default: the broker's num.partitions)",
            "  -r, --replication-factor N   replicas of each partition (default: the broker's)",
            "  -c, --config KEY=VALUE       a topic config, e.g. retention.ms=3600000; repeatable",
            "      --if-not-exists          a topic that exists already is not an error (STATUS EXISTS)",
            CONNECTION);

    static final String LIST = String.join("\n",
            "Usage: freshet topic list [--internal] [-d] [-b HOST:PORT]",
            "",
            "Lists topics sorted by name: NAME PARTITIONS REPLICAS.",
            "",
            "  -i, --internal   internal topics too (__consumer_offsets, __mqtt_sessions, any __* or _freshet_*)",
            "  -d, --detailed   one row per partition: NAME PARTITION LEADER REPLICAS",
            CONNECTION);

    static final String DESCRIBE = String.join("\n",
            "Usage: freshet topic describe NAME... [--print-configs] [-b HOST:PORT]",
            "",
            "Three sections per topic, as rpk prints them: SUMMARY (name, partitions, replicas, size), CONFIGS (those",
            "that differ from the defaults: KEY VALUE SOURCE) and PARTITIONS (PARTITION LEADER REPLICAS",
            "LOG-START-OFFSET HIGH-WATERMARK SIZE). SIZE is the leader's log on disk in bytes, from DescribeLogDirs;",
            "'-' where the cluster does not serve it.",
            "",
            "  --print-configs   every config, defaults included",
            CONNECTION);

    static final String DELETE = String.join("\n",
            "Usage: freshet topic delete NAME... [--if-exists] [-b HOST:PORT]",
            "",
            "Deletes topics (their names exactly, no patterns) and prints TOPIC STATUS for each.",
            "",
            "  --if-exists   a topic that does not exist is not an error (STATUS NOT-FOUND)",
            CONNECTION);

    static final String ALTER_CONFIG = String.join("\n",
            "Usage: freshet topic alter-config NAME... [--set KEY=VALUE]... [--delete KEY]... [-b HOST:PORT]",
            "",
            "Changes topic configs in one IncrementalAlterConfigs request per topic; other configs stay as they are.",
            "",
            "  -s, --set KEY=VALUE   set a config; repeatable",
            "  -d, --delete KEY      remove a config (back to the default); repeatable",
            CONNECTION);

    static final String ADD_PARTITIONS = String.join("\n",
            "Usage: freshet topic add-partitions NAME... -n N [-b HOST:PORT]",
            "",
            "Adds N partitions to each topic (as rpk's -n: N more, not N in total) and prints TOPIC PARTITIONS STATUS",
            "with the new count. Keys are hashed over the new count from then on.",
            "",
            "  -n, --num N   how many partitions to add (>= 1)",
            CONNECTION);

    private TopicUsage() {
    }
}
