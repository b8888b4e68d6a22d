package io.freshet.broker.handler;

import io.freshet.storage.log.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * How a topic config entry is reported in DescribeConfigs and CreateTopics v5+: where its value comes from and
 * its type, as Kafka's wire ids.
 */
final class ConfigDescriptions {

    private ConfigDescriptions() {
    }

    /** A topic override, a broker {@code log.*} setting, or Kafka's default. */
    static ConfigSource source(LogConfig.Entry entry) {
        if (!entry.isDefault()) {
            return ConfigSource.TOPIC_CONFIG;
        }
        return entry.brokerOverride() ? ConfigSource.STATIC_BROKER_CONFIG : ConfigSource.DEFAULT_CONFIG;
    }

    static ConfigType type(ConfigDef.Type type) {
        if (type == null) {
            return ConfigType.UNKNOWN;
        }
        try {
            return ConfigType.valueOf(type.name());
        } catch (IllegalArgumentException e) {
            return ConfigType.UNKNOWN;
        }
    }

    static boolean isList(LogConfig.Entry entry) {
        return entry.type() == ConfigDef.Type.LIST;
    }
}
