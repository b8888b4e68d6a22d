package io.freshet.http.console;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import io.freshet.http.HttpBackends;
import io.freshet.http.error.RestException;
import io.freshet.http.routing.HttpExchange;
import io.freshet.http.routing.Router;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The web console's JSON API under {@code /console/api/} (README "Console API"): cluster, topics, messages (browse
 * and produce), groups with lag, MQTT clients and SQL queries. It reaches the broker as a client ({@link ConsoleClients}: an Admin, consumers without a group,
 * over the Kafka listener) and appends through {@link io.freshet.gateway.EventLog}, so it works in front of a Kafka
 * cluster too. Errors are {@link io.freshet.http.error.HttpErrors}' bodies, as the REST API's.
 *
 * <p>Threads: handlers run on the event loop and only start work; answers come from the Admin client's thread, a
 * console lane (browsing, the MQTT snapshot, SHOW QUERIES) or the log's threads (produce), and the exchange hops
 * back to its event loop.
 */
public final class ConsoleApi implements AutoCloseable {

    private static final String API = "/console/api";

    private final ConsoleClients clients;
    private final ClusterView cluster;
    private final TopicsView topics;
    private final MessageBrowser browser;
    private final MessageProducer producer;
    private final GroupsView groups;
    private final MqttClientsView mqttClients;
    private final SqlQueriesView sqlQueries;

    public ConsoleApi(HttpBackends backends) {
        this.clients = new ConsoleClients(backends.kafkaBootstrap(), backends.kafkaClientProperties());
        this.cluster = new ClusterView(clients, backends.kafkaBootstrap(), backends.mqttClients());
        this.topics = new TopicsView(clients);
        this.browser = new MessageBrowser(clients);
        this.producer = new MessageProducer(backends.log());
        this.groups = new GroupsView(clients);
        this.mqttClients = new MqttClientsView(clients, backends.mqttClients());
        this.sqlQueries = new SqlQueriesView(clients, backends.ksql());
    }

    public void register(Router router) {
        router.get(API + "/cluster", exchange -> answer(exchange, cluster.get(listenerAddress(exchange))));
        router.get(API + "/topics", exchange -> answer(exchange, topics.list(topic -> exchange.access()
            .allowed(AclOperation.DESCRIBE, ResourceType.TOPIC, topic))));
        router.get(API + "/topics/{topic}", exchange -> answer(exchange, topics.get(exchange.pathParam("topic"))));
        router.get(API + "/topics/{topic}/messages",
            exchange -> answer(exchange, browser.browse(BrowseRequest.from(exchange))));
        router.post(API + "/topics/{topic}/messages", this::produce);
        router.get(API + "/groups", exchange -> answer(exchange, groups.list(group -> exchange.access()
            .allowed(AclOperation.DESCRIBE, ResourceType.GROUP, group))));
        router.get(API + "/groups/{group}", exchange -> answer(exchange, groups.get(exchange.pathParam("group"))));
        router.get(API + "/mqtt/clients", exchange -> answer(exchange, mqttClients.list()));
        router.get(API + "/sql/queries", exchange -> answer(exchange, sqlQueries.list()));
    }

    private void produce(HttpExchange exchange) {
        String type = exchange.contentType();
        if (!type.isEmpty() && !type.equals(HttpExchange.JSON)) {
            throw RestException.unsupportedMediaType(type, HttpExchange.JSON);
        }
        answer(exchange, producer.produce(exchange.pathParam("topic"), exchange.bodyBytes()));
    }

    /** Answers 200 with the result as JSON, or the failure as HttpErrors maps it, from whichever thread ends it. */
    private static void answer(HttpExchange exchange, CompletableFuture<?> result) {
        result.whenComplete((body, error) -> {
            if (error != null) {
                exchange.respondError(error);
            } else {
                exchange.respondJson(200, body);
            }
        });
    }

    /** {@code host:port} of the HTTP listener, as the request reached it. */
    private static String listenerAddress(HttpExchange exchange) {
        InetSocketAddress local = (InetSocketAddress) exchange.channel().localAddress();
        return local.getHostString() + ":" + local.getPort();
    }

    @Override
    public void close() {
        clients.close();
    }
}
