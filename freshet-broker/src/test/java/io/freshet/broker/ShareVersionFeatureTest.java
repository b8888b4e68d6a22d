package io.freshet.broker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.message.ShareGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ShareGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code share.version} as {@code kafka-features.sh} sees and changes it (Admin.describeFeatures/updateFeatures):
 * 2 in a new data directory, 0 turns share groups off (UNSUPPORTED_VERSION, as Kafka 4.4), kept across a restart.
 */
@Timeout(60)
class ShareVersionFeatureTest {

    @TempDir
    Path dataDir;

    private static short finalizedShareVersion(Admin admin) throws Exception {
        FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
        var finalized = features.finalizedFeatures().get("share.version");
        return finalized == null ? 0 : finalized.maxVersionLevel();
    }

    private static short heartbeatError(FreshetBroker broker) throws Exception {
        try (WireClient client = new WireClient(broker.boundPort())) {
            ShareGroupHeartbeatResponseData response = client.call(new ShareGroupHeartbeatRequestData()
                .setGroupId("g").setMemberId("m1").setMemberEpoch(0).setSubscribedTopicNames(List.of("t")), (short) 1);
            return response.errorCode();
        }
    }

    private static void update(Admin admin, short level, FeatureUpdate.UpgradeType type) throws Exception {
        admin.updateFeatures(Map.of("share.version", new FeatureUpdate(level, type)), new UpdateFeaturesOptions())
            .all().get();
    }

    @Test
    void shareVersionZeroTurnsShareGroupsOffUntilUpgradedAgain() throws Exception {
        BrokerConfig config = BrokerConfig.fromProperties(Map.of("port", "0", "log.dirs", dataDir.toString()));
        try (FreshetBroker broker = FreshetBroker.start(config); Admin admin = ShareGroupAdminTest.admin(broker)) {
            assertThat(finalizedShareVersion(admin)).isEqualTo((short) 2);
            long epoch = admin.describeFeatures().featureMetadata().get().finalizedFeaturesEpoch().orElseThrow();

            // 2 -> 1 is a downgrade: refused unless asked for as one.
            assertThatThrownBy(() -> update(admin, (short) 1, FeatureUpdate.UpgradeType.UPGRADE))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidUpdateVersionException.class);
            assertThat(finalizedShareVersion(admin)).isEqualTo((short) 2);
            assertThatThrownBy(() -> update(admin, (short) 3, FeatureUpdate.UpgradeType.UPGRADE))
                .hasMessageContaining("Invalid update version 3 for feature share.version. Local controller 1 only "
                    + "supports versions 0-2");
            assertThatThrownBy(() -> admin.updateFeatures(Map.of("metadata.version",
                new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions())
                .all().get()).hasMessageContaining("does not support this feature");

            update(admin, (short) 0, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE);
            assertThat(finalizedShareVersion(admin)).isZero();
            assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeaturesEpoch().orElseThrow())
                .isGreaterThan(epoch);
            assertThat(heartbeatError(broker)).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
        }
        try (FreshetBroker broker = FreshetBroker.start(config); Admin admin = ShareGroupAdminTest.admin(broker)) {
            assertThat(finalizedShareVersion(admin)).isZero(); // kept in the data directory
            assertThat(heartbeatError(broker)).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            update(admin, (short) 2, FeatureUpdate.UpgradeType.UPGRADE);
            assertThat(finalizedShareVersion(admin)).isEqualTo((short) 2);
            assertThat(heartbeatError(broker)).isEqualTo(Errors.NONE.code());
        }
    }
}
