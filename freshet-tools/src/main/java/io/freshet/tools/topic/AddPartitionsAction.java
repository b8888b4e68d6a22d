package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.ApiException;

/**
 * {@code freshet topic add-partitions}: reads each topic's partition count, then one CreatePartitions request for
 * that count plus N (rpk's {@code -n}: how many to add). A topic changed by someone else in between is refused by
 * the broker only if the new total is not larger; that race is the same in rpk.
 */
final class AddPartitionsAction {

    private AddPartitionsAction() {
    }

    static int run(AdminConnection broker, TopicRequest.AddPartitions request, PrintWriter out, PrintWriter err) {
        TopicOutcomes outcomes = new TopicOutcomes("TOPIC", "PARTITIONS", "STATUS");
        Map<String, Integer> totals = new LinkedHashMap<>();
        broker.admin().describeTopics(request.topics()).topicNameValues().forEach((topic, future) -> {
            try {
                TopicDescription description = broker.await("describing topic '" + topic + "'", future);
                totals.put(topic, description.partitions().size() + request.count());
            } catch (ApiException e) {
                outcomes.failed(topic, "cannot add partitions to", e);
            }
        });
        if (!totals.isEmpty()) {
            Map<String, NewPartitions> increases = new LinkedHashMap<>();
            totals.forEach((topic, total) -> increases.put(topic, NewPartitions.increaseTo(total)));
            broker.admin().createPartitions(increases).values().forEach((topic, future) -> {
                try {
                    broker.await("adding partitions to '" + topic + "'", future);
                    outcomes.done(topic, totals.get(topic), "OK");
                } catch (ApiException e) {
                    outcomes.failed(topic, "cannot add partitions to", e);
                }
            });
        }
        return outcomes.print(out, err);
    }
}
