package io.freshet.tools.groups;

import io.freshet.tools.cli.UsageException;

import java.util.ArrayList;
import java.util.List;

/** {@code --topic T} (every partition) or {@code --topic T:0,2} (those partitions). */
record TopicSelection(String topic, List<Integer> partitions) {

    TopicSelection {
        partitions = List.copyOf(partitions);
    }

    boolean allPartitions() {
        return partitions.isEmpty();
    }

    /** Parses {@code T} or {@code T:P,P...}; topic names cannot contain ':', so the last ':' splits. */
    static TopicSelection parse(String value, String usage) throws UsageException {
        int colon = value.lastIndexOf(':');
        String topic = colon < 0 ? value : value.substring(0, colon);
        if (topic.isEmpty()) {
            throw new UsageException("--topic takes TOPIC or TOPIC:PARTITION,..., not '" + value + "'", usage);
        }
        List<Integer> partitions = new ArrayList<>();
        if (colon >= 0) {
            for (String part : value.substring(colon + 1).split(",", -1)) {
                partitions.add(partition(part.trim(), value, usage));
            }
        }
        return new TopicSelection(topic, partitions);
    }

    private static int partition(String part, String value, String usage) throws UsageException {
        try {
            int partition = Integer.parseInt(part);
            if (partition >= 0) {
                return partition;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--topic takes TOPIC:PARTITION,... with partition numbers, not '" + value + "'",
                usage);
    }
}
