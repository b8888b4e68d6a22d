package io.freshet.http;

import io.freshet.http.console.ConsoleApi;
import io.freshet.http.console.ConsoleAssets;
import io.freshet.http.ksql.KsqlApi;
import io.freshet.http.metrics.MetricsApi;
import io.freshet.http.routing.Router;
import io.freshet.http.stream.RecordsStreamApi;
import io.freshet.http.v2.ConsumerInstances;
import io.freshet.http.v2.ConsumersApi;
import io.freshet.http.v2.ProduceV2Api;
import io.freshet.http.v2.TopicsV2Api;
import io.freshet.http.v3.ClustersApi;
import io.freshet.http.v3.ProduceApi;
import io.freshet.http.v3.TopicsApi;

import java.util.List;

/**
 * Every API the listener serves, registered in one route table. An API holding resources (threads, consumer
 * instances) adds itself to {@code owned}: the server closes them, last one first.
 */
final class HttpRoutes {

    private HttpRoutes() {
    }

    static Router build(HttpConfig config, HttpBackends backends, List<AutoCloseable> owned) {
        Router router = new Router();
        new ClustersApi(backends.log()).register(router);
        new TopicsApi(backends.log()).register(router);
        new ProduceApi(backends.log(), config.maxRequestBytes()).register(router);
        new TopicsV2Api(backends.log()).register(router);
        new ProduceV2Api(backends.log()).register(router);
        ConsumerInstances consumers = new ConsumerInstances(backends.kafkaBootstrap(), backends.kafkaClientProperties(), backends.time(),
            config.consumerInstanceTimeoutMs());
        owned.add(consumers);
        new ConsumersApi(consumers).register(router);
        RecordsStreamApi streams = new RecordsStreamApi(backends.log(), config);
        owned.add(streams);
        streams.register(router);
        KsqlApi ksql = new KsqlApi(backends.log(), backends.ksql());
        owned.add(ksql);
        ksql.register(router);
        backends.metrics().ifPresent(source -> {
            MetricsApi metrics = new MetricsApi(source);
            owned.add(metrics);
            metrics.register(router);
        });
        ConsoleApi console = new ConsoleApi(backends);
        owned.add(console);
        console.register(router);
        new ConsoleAssets().register(router);
        backends.webSockets().forEach(router::webSocket);
        return router;
    }
}
