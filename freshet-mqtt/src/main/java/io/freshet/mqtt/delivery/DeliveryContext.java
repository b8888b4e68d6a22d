package io.freshet.mqtt.delivery;

import io.freshet.gateway.EventLog;
import io.freshet.mqtt.MqttConfig;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.retained.RetainedMessages;
import io.freshet.mqtt.state.StateStore;
import org.apache.kafka.common.utils.Time;

/** What every session's delivery shares: the log and the services around it. Thread-safe. */
record DeliveryContext(EventLog log, TopicMapper mapper, RetainedMessages retained, StateStore state,
                       MqttConfig config, Time time, LogSignals signals, ShareGroups shareGroups) {
}
