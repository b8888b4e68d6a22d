package io.freshet.http.v2;

import com.fasterxml.jackson.databind.JsonNode;
import io.freshet.gateway.Appended;
import io.freshet.gateway.Durability;
import io.freshet.gateway.EventLog;
import io.freshet.gateway.OutgoingRecord;
import io.freshet.http.error.HttpErrors;
import io.freshet.http.error.RestException;
import io.freshet.http.json.Json;
import io.freshet.http.produce.BatchAppend;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * REST v2 produce, as Confluent's proxy answers it:
 * <pre>
 *   POST /topics/{topic}                    {"records": [{"key"?, "value", "partition"?}, ...]}
 *   POST /topics/{topic}/partitions/{p}     {"records": [{"key"?, "value"}, ...]}
 *   -> {"key_schema_id": null, "value_schema_id": null,
 *       "offsets": [{"partition", "offset", "error_code": null, "error": null}, ...]}   (in record order)
 * </pre>
 * Content-Type {@code application/vnd.kafka.binary.v2+json} (key and value base64) or
 * {@code application/vnd.kafka.json.v2+json} (any JSON value, stored as its JSON text); others 415. The whole
 * request is checked before anything is appended (unknown topic 404 / 40401, bad base64 422 / 42201), so a refused
 * request appends nothing. The request's records are appended as one batch per partition (unkeyed records without a
 * partition: all to one partition, the next in turn, as Kafka's sticky partitioning; keyed: murmur2). The answer
 * goes once every record is durable (fsynced, as acks=all); a record whose
 * append fails gets its {@code error_code} and {@code error} in its slot, the others their offsets.
 */
public final class ProduceV2Api {

    private final EventLog log;

    public ProduceV2Api(EventLog log) {
        this.log = log;
    }

    public void register(Router router) {
        router.post("/topics/{topic}", this::produceToTopic);
        router.post("/topics/{topic}/partitions/{partition}", this::produceToPartition);
    }

    private void produceToTopic(HttpExchange exchange) throws Exception {
        EmbeddedFormat format = V2Media.produceFormat(exchange);
        String topic = exchange.pathParam("topic");
        log.partitionCount(topic).orElseThrow(() -> RestException.topicNotFound(topic));
        List<Pending> records = parse(exchange, format, true);
        List<BatchAppend.ToAppend> toAppend = new ArrayList<>(records.size());
        for (Pending record : records) {
            toAppend.add(new BatchAppend.ToAppend(record.record(), record.partition()));
        }
        answerWhenDone(exchange, BatchAppend.append(log, topic, toAppend));
    }

    private void produceToPartition(HttpExchange exchange) throws Exception {
        EmbeddedFormat format = V2Media.produceFormat(exchange);
        TopicPartition partition = TopicsV2Api.partition(log, exchange.pathParam("topic"),
            exchange.pathParam("partition"));
        List<Pending> records = parse(exchange, format, false);
        List<OutgoingRecord> outgoing = new ArrayList<>(records.size());
        for (Pending record : records) {
            outgoing.add(record.record());
        }
        answerWhenDone(exchange, log.appendAll(partition, outgoing, Durability.DURABLE));
    }

    /** Every record of the body, decoded, before any is appended. */
    private static List<Pending> parse(HttpExchange exchange, EmbeddedFormat format, boolean partitionAllowed)
        throws Exception {
        JsonNode body = Json.MAPPER.readTree(exchange.bodyBytes());
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw RestException.invalidRecord("The request body must have a non-empty \"records\" array");
        }
        List<Pending> pending = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            if (!record.isObject()) {
                throw RestException.invalidRecord("A record must be a JSON object, got " + record);
            }
            Integer partition = null;
            JsonNode partitionNode = record.get("partition");
            if (partitionAllowed && partitionNode != null && !partitionNode.isNull()) {
                if (!partitionNode.canConvertToInt() || !partitionNode.isIntegralNumber()) {
                    throw RestException.invalidRecord("Record partition must be an integer, got " + partitionNode);
                }
                partition = partitionNode.intValue();
            }
            byte[] key = format.toBytes(record.get("key"), "key");
            byte[] value = format.toBytes(record.get("value"), "value");
            pending.add(new Pending(OutgoingRecord.of(key, value), partition));
        }
        return pending;
    }

    private static void answerWhenDone(HttpExchange exchange, List<CompletableFuture<Appended>> appends) {
        CompletableFuture.allOf(appends.stream().map(a -> a.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new))
            .whenComplete((ignored, never) -> exchange.respondJson(200, answer(appends), V2Media.V2_JSON));
    }

    private static Map<String, Object> answer(List<CompletableFuture<Appended>> appends) {
        List<Map<String, Object>> offsets = new ArrayList<>(appends.size());
        for (CompletableFuture<Appended> append : appends) {
            Map<String, Object> slot = new LinkedHashMap<>();
            try {
                Appended appended = append.join();
                slot.put("partition", appended.partition().partition());
                slot.put("offset", appended.offset());
                slot.put("error_code", null);
                slot.put("error", null);
            } catch (RuntimeException e) {
                HttpErrors.ErrorBody error = HttpErrors.toBody(e);
                slot.put("partition", null);
                slot.put("offset", null);
                slot.put("error_code", error.errorCode());
                slot.put("error", error.message());
            }
            offsets.add(slot);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_schema_id", null);
        body.put("value_schema_id", null);
        body.put("offsets", offsets);
        return body;
    }

    private record Pending(OutgoingRecord record, Integer partition) {
    }
}
