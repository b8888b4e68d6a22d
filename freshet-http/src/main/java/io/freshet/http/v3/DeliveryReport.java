package io.freshet.http.v3;

import io.freshet.gateway.Appended;
import io.freshet.http.error.HttpErrors;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer for one produced record, Confluent v3's shape: {@code {"error_code": 200, "cluster_id", "topic_name",
 * "partition_id", "offset", "timestamp" (ISO-8601), "key": {"type", "size"}, "value": {...}}} (key / value null
 * when the record had none), or the error body {@code {"error_code", "message"}} of a record that failed.
 */
final class DeliveryReport {

    private DeliveryReport() {
    }

    static Map<String, Object> delivered(String clusterId, ProduceRecord record, Appended appended) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("error_code", 200);
        report.put("cluster_id", clusterId);
        report.put("topic_name", appended.partition().topic());
        report.put("partition_id", appended.partition().partition());
        report.put("offset", appended.offset());
        report.put("timestamp", Instant.ofEpochMilli(appended.timestamp()).toString());
        report.put("key", data(record.keyType(), record.keySize()));
        report.put("value", data(record.valueType(), record.valueSize()));
        return report;
    }

    static HttpErrors.ErrorBody failed(Throwable error) {
        return HttpErrors.toBody(error);
    }

    private static Map<String, Object> data(String type, int size) {
        if (type == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("size", size);
        return data;
    }
}
