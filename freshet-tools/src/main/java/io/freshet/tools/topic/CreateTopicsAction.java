package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;

import java.io.PrintWriter;
import java.util.List;

import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TopicExistsException;

/** {@code freshet topic create}: one CreateTopics request for every topic named, TOPIC STATUS per topic. */
final class CreateTopicsAction {

    private CreateTopicsAction() {
    }

    static int run(AdminConnection broker, TopicRequest.Create request, PrintWriter out, PrintWriter err) {
        List<NewTopic> topics = request.topics().stream()
                .map(name -> new NewTopic(name, request.partitions(), request.replicationFactor())
                        .configs(request.configs()))
                .toList();
        CreateTopicsResult result = broker.admin().createTopics(topics);
        TopicOutcomes outcomes = new TopicOutcomes("TOPIC", "STATUS");
        for (String topic : request.topics()) {
            try {
                broker.await("creating topic '" + topic + "'", result.values().get(topic));
                outcomes.done(topic, "OK");
            } catch (TopicExistsException e) {
                if (request.ifNotExists()) {
                    outcomes.done(topic, "EXISTS");
                } else {
                    outcomes.failed(topic, "cannot create", e);
                }
            } catch (ApiException e) {
                outcomes.failed(topic, "cannot create", e);
            }
        }
        return outcomes.print(out, err);
    }
}
