package io.freshet.tools.topic;

import io.freshet.tools.cli.AdminConnection;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;

/**
 * {@code freshet topic alter-config}: IncrementalAlterConfigs with a SET per {@code --set} and a DELETE per
 * {@code --delete}, so configs not named keep their values (the legacy AlterConfigs would reset them).
 */
final class AlterConfigAction {

    private AlterConfigAction() {
    }

    static int run(AdminConnection broker, TopicRequest.AlterConfig request, PrintWriter out, PrintWriter err) {
        List<AlterConfigOp> ops = new ArrayList<>();
        request.set().forEach((key, value) ->
                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
        request.delete().forEach(key ->
                ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)));
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        for (String topic : request.topics()) {
            changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops);
        }
        AlterConfigsResult result = broker.admin().incrementalAlterConfigs(changes);
        TopicOutcomes outcomes = new TopicOutcomes("TOPIC", "STATUS");
        result.values().forEach((resource, future) -> {
            try {
                broker.await("altering the configs of '" + resource.name() + "'", future);
                outcomes.done(resource.name(), "OK");
            } catch (ApiException e) {
                outcomes.failed(resource.name(), "cannot alter the configs of", e);
            }
        });
        return outcomes.print(out, err);
    }
}
