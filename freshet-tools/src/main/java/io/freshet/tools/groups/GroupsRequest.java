package io.freshet.tools.groups;

import java.util.List;
import java.util.Set;

import org.apache.kafka.common.GroupState;

/** What a {@code freshet groups} command line asks for. */
sealed interface GroupsRequest {

    /** {@code --help} anywhere: print this text, exit 0. */
    record Help(String text) implements GroupsRequest {
    }

    /** Every request that talks to a broker. */
    sealed interface ToBroker extends GroupsRequest {
        String bootstrapServers();
    }

    /** {@code list [--state S,...]}; an empty set lists every state. */
    record ListGroups(String bootstrapServers, Set<GroupState> states) implements ToBroker {
    }

    /** {@code describe GROUP [--members]}. */
    record DescribeGroup(String bootstrapServers, String group, boolean members) implements ToBroker {
    }

    /** {@code reset-offsets}; no topics means {@code --all-topics} (every partition the group has committed). */
    record ResetOffsets(String bootstrapServers, String group, List<TopicSelection> topics, ResetTarget target,
            boolean execute) implements ToBroker {
        boolean allTopics() {
            return topics.isEmpty();
        }
    }

    /** {@code delete --group G [--group G2]...}. */
    record DeleteGroups(String bootstrapServers, List<String> groups) implements ToBroker {
    }

    /**
     * {@code copy-offsets --group G... --to HOST:PORT [--to-command-config FILE] [--execute]}: the groups' committed
     * offsets, unchanged, to another cluster whose topics hold the same records at the same offsets.
     *
     * @param toConfig the other cluster's client properties ({@code --to-command-config}), bootstrap included
     */
    record CopyOffsets(String bootstrapServers, List<String> groups, java.util.Properties toConfig, boolean execute)
            implements ToBroker {
    }

    /** {@code delete-offsets --group G --topic T[:P,...]...}. */
    record DeleteOffsets(String bootstrapServers, String group, List<TopicSelection> topics) implements ToBroker {
    }
}
