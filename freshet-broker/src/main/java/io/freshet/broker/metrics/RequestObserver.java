package io.freshet.broker.metrics;

import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Told of every Kafka request answered, with its time from decoding to the response being handed to the socket
 * (Kafka's RequestMetrics TotalTimeMs, less the time in the socket buffers). Called on the connection's event loop:
 * an implementation only records (Freshet's binds a Micrometer timer per API key, looked up by the key's id).
 */
@FunctionalInterface
public interface RequestObserver {

    RequestObserver NONE = (api, nanos) -> {
    };

    void answered(ApiKeys api, long nanos);
}
