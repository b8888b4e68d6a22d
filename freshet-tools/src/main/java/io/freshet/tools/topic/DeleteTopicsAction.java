package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;

import java.io.PrintWriter;

import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@code freshet topic delete}: one DeleteTopics request for the names given (exact names, no patterns). */
final class DeleteTopicsAction {

    private DeleteTopicsAction() {
    }

    static int run(AdminConnection broker, TopicRequest.Delete request, PrintWriter out, PrintWriter err) {
        DeleteTopicsResult result = broker.admin().deleteTopics(request.topics());
        TopicOutcomes outcomes = new TopicOutcomes("TOPIC", "STATUS");
        result.topicNameValues().forEach((topic, future) -> {
            try {
                broker.await("deleting topic '" + topic + "'", future);
                outcomes.done(topic, "OK");
            } catch (UnknownTopicOrPartitionException e) {
                if (request.ifExists()) {
                    outcomes.done(topic, "NOT-FOUND");
                } else {
                    outcomes.failed(topic, "cannot delete", e);
                }
            } catch (ApiException e) {
                outcomes.failed(topic, "cannot delete", e);
            }
        });
        return outcomes.print(out, err);
    }
}
