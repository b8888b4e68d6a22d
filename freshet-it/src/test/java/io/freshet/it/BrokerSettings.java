package io.freshet.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;

/**
 * A broker's settings as the broker itself reports them (DescribeConfigs on its BROKER resource). A test's
 * {@code FreshetExtension.withProperty} reaches only an embedded Freshet; against an external broker
 * ({@code -Dfreshet.it.bootstrap}) the broker's own server.properties decide, so a test that depends on a setting
 * reads it here instead of assuming the value it asked for.
 */
public final class BrokerSettings {

    private BrokerSettings() {
    }

    /** The value of {@code key} on the first broker the cluster describes. */
    public static String read(String bootstrap, String key) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            String node = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            return admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker).get(key).value();
        }
    }

    /** {@code auto.create.topics.enable}: whether the broker creates a topic a client names (Kafka's default). */
    public static boolean autoCreatesTopics(String bootstrap) throws Exception {
        return Boolean.parseBoolean(read(bootstrap, "auto.create.topics.enable"));
    }
}
