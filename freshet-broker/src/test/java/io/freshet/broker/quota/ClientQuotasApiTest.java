package io.freshet.broker.quota;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.broker.WireClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AlterClientQuotas / DescribeClientQuotas through the Admin client (what kafka-configs.sh calls): Kafka's
 * errors for bad keys, values and filters, validate-only, and quotas that survive a restart.
 */
@Timeout(60)
class ClientQuotasApiTest {

    @TempDir
    Path dataDir;

    private FreshetBroker start() {
        return FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString())));
    }

    private static Admin admin(FreshetBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.boundPort()));
    }

    private static ClientQuotaEntity entity(String type, String name) {
        Map<String, String> names = new HashMap<>();
        names.put(type, name);
        return new ClientQuotaEntity(names);
    }

    private static ClientQuotaAlteration set(ClientQuotaEntity entity, String key, Double value) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, value)));
    }

    @Test
    void quotasAreStoredDescribedRefusedAsKafkaAndSurviveARestart() throws Exception {
        ClientQuotaEntity alice = entity(ClientQuotaEntity.USER, "alice");
        ClientQuotaEntity anyClient = entity(ClientQuotaEntity.CLIENT_ID, null);
        try (FreshetBroker broker = start(); Admin admin = admin(broker)) {
            admin.alterClientQuotas(List.of(set(alice, "producer_byte_rate", 1_048_576.0),
                set(anyClient, "consumer_byte_rate", 2048.0))).all().get(10, TimeUnit.SECONDS);

            // validate_only stores nothing
            admin.alterClientQuotas(List.of(set(entity(ClientQuotaEntity.USER, "bob"), "request_percentage", 50.0)),
                new AlterClientQuotasOptions().validateOnly(true)).all().get(10, TimeUnit.SECONDS);

            // an unknown key, a negative value, a fractional byte rate: INVALID_REQUEST for that entity only
            var bad = admin.alterClientQuotas(List.of(set(entity(ClientQuotaEntity.USER, "u1"), "bogus_rate", 1.0),
                set(entity(ClientQuotaEntity.USER, "u2"), "producer_byte_rate", -1.0),
                set(entity(ClientQuotaEntity.USER, "u3"), "consumer_byte_rate", 0.5),
                set(entity(ClientQuotaEntity.USER, "ok"), "controller_mutation_rate", 10.0))).values();
            for (String u : List.of("u1", "u2", "u3")) {
                assertThatThrownBy(() -> bad.get(entity(ClientQuotaEntity.USER, u)).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidRequestException.class);
            }
            bad.get(entity(ClientQuotaEntity.USER, "ok")).get(10, TimeUnit.SECONDS);

            Map<ClientQuotaEntity, Map<String, Double>> all = admin.describeClientQuotas(ClientQuotaFilter.all())
                .entities().get(10, TimeUnit.SECONDS);
            assertThat(all).containsOnlyKeys(alice, anyClient, entity(ClientQuotaEntity.USER, "ok"));
            assertThat(admin.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofDefaultEntity(ClientQuotaEntity.CLIENT_ID))))
                .entities().get(10, TimeUnit.SECONDS)).containsExactly(Map.entry(anyClient,
                    Map.of("consumer_byte_rate", 2048.0)));

            // a filter naming a type twice: Kafka answers INVALID_REQUEST
            try (WireClient wire = new WireClient(broker.boundPort())) {
                DescribeClientQuotasResponseData twice = wire.call(new DescribeClientQuotasRequestData()
                    .setComponents(List.of(
                        new DescribeClientQuotasRequestData.ComponentData().setEntityType("user").setMatchType((byte) 2),
                        new DescribeClientQuotasRequestData.ComponentData().setEntityType("user").setMatchType((byte) 2))),
                    (short) 1);
                assertThat(twice.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
            }
        }
        try (FreshetBroker broker = start(); Admin admin = admin(broker)) {
            Map<ClientQuotaEntity, Map<String, Double>> all = admin.describeClientQuotas(ClientQuotaFilter.all())
                .entities().get(10, TimeUnit.SECONDS);
            assertThat(all).containsEntry(alice, Map.of("producer_byte_rate", 1_048_576.0))
                .containsEntry(anyClient, Map.of("consumer_byte_rate", 2048.0)).hasSize(3);
        }
    }

    @Test
    void aClientOverItsRequestPercentageGetsThrottleTimeAndIsReadOnlyAfterIt() throws Exception {
        try (FreshetBroker broker = start(); Admin admin = admin(broker)) {
            // WireClient's client id; a quota no request can stay under.
            admin.alterClientQuotas(List.of(set(entity(ClientQuotaEntity.CLIENT_ID, "wire-test"), "request_percentage",
                0.000001))).all().get(10, TimeUnit.SECONDS);
            try (WireClient wire = new WireClient(broker.boundPort())) {
                MetadataRequestData metadata = new MetadataRequestData().setTopics(List.of());
                // Timed from before the first request: the broker mutes the connection once it answered it, which
                // is after this (timing from the first answer's arrival would count its delivery as muted time).
                long sent = System.nanoTime();
                MetadataResponseData first = wire.call(metadata, (short) 12);
                assertThat(first.throttleTimeMs()).isPositive().isLessThanOrEqualTo(1000);
                MetadataResponseData second = wire.call(metadata, (short) 12);
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                // KIP-219: answered at once, then the connection is not read until the throttle time has passed
                // (less 2 ms: the throttle time is whole milliseconds, the mute's timer rounds too).
                assertThat(waitedMs).isGreaterThanOrEqualTo(first.throttleTimeMs() - 2L);
                assertThat(second.throttleTimeMs()).isPositive();
            }
        }
    }

    @Test
    void withAnAuthorizerAClientWithoutClusterAclsIsRefused() throws Exception {
        try (FreshetBroker broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0",
            "log.dirs", dataDir.toString(),
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")));
             Admin admin = admin(broker)) {
            assertThatThrownBy(() -> admin.alterClientQuotas(List.of(set(entity(ClientQuotaEntity.USER, "x"),
                "producer_byte_rate", 1.0))).all().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> admin.describeClientQuotas(ClientQuotaFilter.all()).entities()
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }
}
