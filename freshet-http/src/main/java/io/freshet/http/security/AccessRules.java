package io.freshet.http.security;

import io.freshet.http.routing.PathTemplate;
import io.netty.handler.codec.http.HttpMethod;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Which ACL each HTTP route needs, checked with the request's principal before its handler runs (so before the
 * console's Admin client or a consumer instance, which connect as the broker, do anything for it). One table for
 * the whole listener; what depends on the body (the topic a create names, a v2 subscription's topics) and list
 * filtering are checked by the API itself with the exchange's {@link RequestAccess}.
 *
 * <pre>
 *   REST v3  POST .../topics/{t}/records          WRITE topic t
 *            GET  .../topics/{t}[/partitions...]   DESCRIBE topic t        DELETE .../topics/{t}  DELETE topic t
 *            GET  .../topics/{t}/records:stream    READ topic t (SSE and WebSocket)
 *   REST v2  POST /topics/{t}[/partitions/{p}]     WRITE topic t           GET /topics/{t}...     DESCRIBE topic t
 *            /consumers/{g}...                     READ group g
 *   console  /console/api/...                      DESCRIBE cluster, and: messages GET READ topic, POST WRITE topic
 *   metrics  GET /metrics                          DESCRIBE cluster
 *   ksqlDB   POST /ksql, /query-stream, /close-query  ALTER cluster (statements run as the broker)
 * </pre>
 * Anything else (the console's page, {@code /v3/clusters}, {@code /info}) needs authentication only. Thread-safe.
 */
public final class AccessRules {

    private record Rule(HttpMethod method, PathTemplate path, BiConsumer<RequestAccess, Map<String, String>> check) {
    }

    private final List<Rule> rules = new ArrayList<>();

    public AccessRules() {
        String v3Topic = "/v3/clusters/{cluster_id}/topics/{topic_name}";
        add(HttpMethod.POST, v3Topic + "/records", topic(AclOperation.WRITE, "topic_name"));
        add(HttpMethod.GET, v3Topic + "/records:stream", topic(AclOperation.READ, "topic_name"));
        add(HttpMethod.GET, v3Topic, topic(AclOperation.DESCRIBE, "topic_name"));
        add(HttpMethod.DELETE, v3Topic, topic(AclOperation.DELETE, "topic_name"));
        add(HttpMethod.GET, v3Topic + "/partitions", topic(AclOperation.DESCRIBE, "topic_name"));
        add(HttpMethod.GET, v3Topic + "/partitions/{partition_id}", topic(AclOperation.DESCRIBE, "topic_name"));
        add(HttpMethod.POST, "/topics/{topic}", topic(AclOperation.WRITE, "topic"));
        add(HttpMethod.POST, "/topics/{topic}/partitions/{partition}", topic(AclOperation.WRITE, "topic"));
        add(HttpMethod.GET, "/topics/{topic}", topic(AclOperation.DESCRIBE, "topic"));
        add(HttpMethod.GET, "/topics/{topic}/partitions", topic(AclOperation.DESCRIBE, "topic"));
        add(HttpMethod.GET, "/topics/{topic}/partitions/{partition}", topic(AclOperation.DESCRIBE, "topic"));
        add(HttpMethod.GET, "/topics/{topic}/partitions/{partition}/offsets", topic(AclOperation.DESCRIBE, "topic"));
        for (String path : List.of("/consumers/{group}", "/consumers/{group}/instances/{name}",
            "/consumers/{group}/instances/{name}/{what}", "/consumers/{group}/instances/{name}/{what}/{more}")) {
            add(null, path, (access, params) -> access.require(AclOperation.READ, ResourceType.GROUP,
                params.get("group")));
        }
        String console = "/console/api";
        add(HttpMethod.GET, console + "/topics/{topic}/messages", topic(AclOperation.READ, "topic"));
        add(HttpMethod.POST, console + "/topics/{topic}/messages", topic(AclOperation.WRITE, "topic"));
        add(HttpMethod.GET, console + "/topics/{topic}", topic(AclOperation.DESCRIBE, "topic"));
        add(HttpMethod.GET, console + "/groups/{group}", (access, params) -> access.require(AclOperation.DESCRIBE,
            ResourceType.GROUP, params.get("group")));
        for (String path : List.of(console + "/{a}", console + "/{a}/{b}", console + "/{a}/{b}/{c}",
            console + "/{a}/{b}/{c}/{d}")) {
            add(null, path, cluster(AclOperation.DESCRIBE));
        }
        add(HttpMethod.GET, "/metrics", cluster(AclOperation.DESCRIBE));
        for (String path : List.of("/ksql", "/query-stream", "/close-query")) {
            add(HttpMethod.POST, path, cluster(AclOperation.ALTER));
        }
    }

    private void add(HttpMethod method, String path, BiConsumer<RequestAccess, Map<String, String>> check) {
        rules.add(new Rule(method, PathTemplate.parse(path), check));
    }

    private static BiConsumer<RequestAccess, Map<String, String>> topic(AclOperation operation, String param) {
        return (access, params) -> access.requireTopic(operation, params.get(param));
    }

    private static BiConsumer<RequestAccess, Map<String, String>> cluster(AclOperation operation) {
        return (access, params) -> access.requireCluster(operation);
    }

    /**
     * Runs every rule matching the request (a console topic's messages need both DESCRIBE cluster and READ topic).
     *
     * @throws org.apache.kafka.common.errors.AuthorizationException (403) on the first refusal
     */
    public void check(HttpMethod method, String rawPath, RequestAccess access) {
        List<String> segments = PathTemplate.decodedSegments(rawPath);
        for (Rule rule : rules) {
            if (rule.method() != null && !rule.method().equals(method)) {
                continue;
            }
            Optional<Map<String, String>> params = rule.path().match(segments);
            params.ifPresent(p -> rule.check().accept(access, p));
        }
    }
}
