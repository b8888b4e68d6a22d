package io.freshet.broker.handler;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;

/**
 * The feature flags this broker reports in ApiVersions (v3+), as a new Kafka 4.4 cluster reports them:
 * {@code share.version} supported 0..2 and finalized at 2 (level 1: share groups, level 2: dead-letter topics,
 * KIP-1191), so share groups are on, as in Kafka 4.4 where the feature is what turns them on.
 *
 * <p>Only {@code share.version} is reported: the others Kafka lists (metadata.version, transaction.version,
 * group.version...) describe KRaft and protocol levels whose absence clients already handle as level 0 (a producer
 * keeps the transaction protocol it uses with Freshet today). The level is fixed: UpdateFeatures
 * ({@code kafka-features.sh downgrade}) is not served, so share groups cannot be turned off; a Kafka 4.4 broker
 * with {@code share.version=0} answers ShareGroupHeartbeat with UNSUPPORTED_VERSION.
 */
final class Features {

    static final String SHARE_VERSION = "share.version";
    static final short SHARE_VERSION_MAX = 2;

    /** Kafka's epoch is the metadata offset of the last feature change; Freshet's features never change. */
    static final long FINALIZED_FEATURES_EPOCH = 1;

    private Features() {
    }

    static void describeInto(ApiVersionsResponseData response) {
        response.supportedFeatures().add(new SupportedFeatureKey().setName(SHARE_VERSION)
            .setMinVersion((short) 0).setMaxVersion(SHARE_VERSION_MAX));
        response.finalizedFeatures().add(new FinalizedFeatureKey().setName(SHARE_VERSION)
            .setMinVersionLevel(SHARE_VERSION_MAX).setMaxVersionLevel(SHARE_VERSION_MAX));
        response.setFinalizedFeaturesEpoch(FINALIZED_FEATURES_EPOCH);
    }
}
