package io.freshet.mqtt.session;

import io.freshet.mqtt.message.ReasonCode;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.mqtt.mapping.MessageHeaders;
import io.freshet.mqtt.mapping.TopicMapper;
import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.Outcome;
import io.freshet.mqtt.retained.RetainedMessages;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes inbound application messages to the log: the record the mapper makes of it, appended with the durability
 * its QoS needs (QoS 0: appended; QoS 1 and 2: appended and fsynced), and, with the retain flag, the retained
 * message too (durable before the acknowledgement). Stateless and thread-safe.
 */
final class InboundPublisher {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final EventLog log;
    private final TopicMapper mapper;
    private final RetainedMessages retained;

    InboundPublisher(EventLog log, TopicMapper mapper, RetainedMessages retained) {
        this.log = log;
        this.mapper = mapper;
        this.retained = retained;
    }

    EventLog log() {
        return log;
    }

    TopicMapper.Mapping map(String mqttTopic) {
        return mapper.toKafka(mqttTopic);
    }

    static Outcome refused(TopicMapper.Mapping.Refused refused) {
        return Outcome.failure(ReasonCode.TOPIC_NAME_INVALID, refused.reason());
    }

    /**
     * Appends {@code message} (to {@code partition} if not null, else where the key leads) and stores it as retained
     * if flagged. {@code packetId} > 0 adds the {@value MessageHeaders#PACKET_ID} header.
     */
    CompletableFuture<Outcome> append(Message message, String clientId, TopicMapper.Mapping.Target target,
                                      TopicPartition partition, int packetId) {
        try {
            OutgoingRecord record = mapper.toRecord(message, clientId, target);
            if (packetId > 0) {
                record = withHeader(record, MessageHeaders.PACKET_ID, Integer.toString(packetId));
            }
            Durability durability = message.qos() == 0 ? Durability.APPENDED : Durability.DURABLE;
            CompletableFuture<?> appended = partition == null
                ? log.append(target.kafkaTopic(), record, durability)
                : log.append(partition, record, durability);
            CompletableFuture<Void> retainedPut = message.retain() ? retained.put(message) : DONE;
            return appended.thenCombine(retainedPut, (a, r) -> Outcome.SUCCESS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Publishes a will message as its client would have: mapped, QoS and retain as given, durable. */
    CompletableFuture<Outcome> publishWill(Message will, String clientId) {
        TopicMapper.Mapping mapping = mapper.toKafka(will.topic());
        if (mapping instanceof TopicMapper.Mapping.Refused refused) {
            return CompletableFuture.completedFuture(refused(refused));
        }
        return append(will, clientId, (TopicMapper.Mapping.Target) mapping, null, 0);
    }

    private static OutgoingRecord withHeader(OutgoingRecord record, String name, String value) {
        List<Header> headers = new ArrayList<>(record.headers());
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return new OutgoingRecord(record.key(), record.value(), headers, record.timestamp());
    }
}
