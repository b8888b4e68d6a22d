package io.freshet.http;

import io.freshet.gateway.EventLog;
import io.freshet.http.console.MqttClients;
import io.freshet.http.ksql.KsqlBackend;
import io.freshet.http.metrics.MetricsSource;
import io.freshet.http.routing.WebSocketEndpoint;
import org.apache.kafka.common.utils.Time;

import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP listener serves from.
 *
 * @param log            the topics (appends, reads, admin), in process or in front of a cluster
 * @param kafkaBootstrap the Kafka listener's {@code host:port}, for what only a Kafka client can be (a REST v2
 *                       consumer instance is a real member of its consumer group); empty when there is none
 * @param webSockets     other listeners reached over WebSocket, by path ({@code /mqtt} when the MQTT listener runs)
 * @param time           the clock of timers (heartbeats, instance expiry)
 * @param ksql           the SQL engine behind {@code POST /ksql} and {@code /query-stream}; empty when the server
 *                       runs none ({@code sql.enabled=false}): those routes then answer 404 saying so
 * @param metrics        what {@code GET /metrics} serves; empty when metrics are off (then 404)
 * @param mqttClients    the MQTT listener's sessions, for the console; empty when there is no MQTT listener
 * @param kafkaClientProperties what the in-process Kafka clients (the console's Admin and browse consumers, REST v2
 *                       consumer instances) add to connect to {@code kafkaBootstrap}: {@code security.protocol},
 *                       the broker's own SASL credentials and TLS stores on a listener that requires them
 */
public record HttpBackends(EventLog log, Optional<String> kafkaBootstrap, Map<String, WebSocketEndpoint> webSockets,
                           Time time, Optional<KsqlBackend> ksql, Optional<MetricsSource> metrics,
                           Optional<MqttClients> mqttClients, Map<String, Object> kafkaClientProperties) {

    public HttpBackends {
        webSockets = Map.copyOf(webSockets);
        kafkaClientProperties = Map.copyOf(kafkaClientProperties);
    }

    public HttpBackends(EventLog log, Optional<String> kafkaBootstrap, Map<String, WebSocketEndpoint> webSockets,
                        Time time, Optional<KsqlBackend> ksql, Optional<MetricsSource> metrics,
                        Optional<MqttClients> mqttClients) {
        this(log, kafkaBootstrap, webSockets, time, ksql, metrics, mqttClients, Map.of());
    }

    /** These backends with the in-process Kafka clients connecting with {@code properties} added. */
    public HttpBackends withKafkaClientProperties(Map<String, Object> properties) {
        return new HttpBackends(log, kafkaBootstrap, webSockets, time, ksql, metrics, mqttClients, properties);
    }

    /** Without a SQL engine. */
    public HttpBackends(EventLog log, Optional<String> kafkaBootstrap, Map<String, WebSocketEndpoint> webSockets,
                        Time time) {
        this(log, kafkaBootstrap, webSockets, time, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** These backends with {@code ksql} serving the SQL routes. */
    public HttpBackends withKsql(KsqlBackend ksql) {
        return new HttpBackends(log, kafkaBootstrap, webSockets, time, Optional.of(ksql), metrics, mqttClients,
            kafkaClientProperties);
    }

    /** These backends with {@code metrics} served at {@code GET /metrics}. */
    public HttpBackends withMetrics(MetricsSource metrics) {
        return new HttpBackends(log, kafkaBootstrap, webSockets, time, ksql, Optional.of(metrics), mqttClients,
            kafkaClientProperties);
    }

    /** These backends with the MQTT listener's sessions shown by the console. */
    public HttpBackends withMqttClients(MqttClients mqttClients) {
        return new HttpBackends(log, kafkaBootstrap, webSockets, time, ksql, metrics, Optional.of(mqttClients),
            kafkaClientProperties);
    }

    /** Only the log: no Kafka listener to reach, no other WebSocket endpoints, the system clock. */
    public static HttpBackends of(EventLog log) {
        return new HttpBackends(log, Optional.empty(), Map.of(), Time.SYSTEM);
    }
}
