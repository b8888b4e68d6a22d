package io.freshet.http.v3;

import io.freshet.gateway.EventLog;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;
import io.freshet.http.routing.StreamingRequestHandler;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Confluent REST v3 produce, {@code POST /v3/clusters/{cluster_id}/topics/{topic_name}/records} with
 * {@code application/json}: one record object, or many concatenated in one (chunked) body, each answered by its
 * delivery report once durable ({@link ProduceStream}). What concerns the whole request is checked before any of the
 * body is read, and answered with its HTTP status: the content type (415), the cluster (404) and the topic (404 /
 * 40403; REST never creates a topic).
 */
public final class ProduceApi {

    private final EventLog log;
    private final int maxRequestBytes;

    public ProduceApi(EventLog log, int maxRequestBytes) {
        this.log = log;
        this.maxRequestBytes = maxRequestBytes;
    }

    public void register(Router router) {
        router.streaming(HttpMethod.POST, "/v3/clusters/{cluster_id}/topics/{topic_name}/records", this::open);
    }

    private StreamingRequestHandler.BodyListener open(HttpExchange exchange) throws Exception {
        if (!HttpExchange.JSON.equals(exchange.contentType())) {
            String given = exchange.header(HttpHeaderNames.CONTENT_TYPE);
            throw RestException.unsupportedMediaType(given == null ? "" : given, HttpExchange.JSON);
        }
        ClustersApi.requireCluster(log, exchange.pathParam("cluster_id"));
        String topic = exchange.pathParam("topic_name");
        if (log.partitionCount(topic).isEmpty()) {
            throw TopicsApi.unknownTopic();
        }
        return new ProduceStream(exchange, log, topic, maxRequestBytes);
    }
}
