package io.freshet.broker.handler;

import io.freshet.broker.metadata.FeatureLevels;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;

/**
 * The feature flags this broker reports in ApiVersions (v3+), as a Kafka 4.4 broker reports them: {@code share.version}
 * supported 0..2, and finalized at its current level ({@link FeatureLevels}: 2 in a new data directory, as in a new
 * Kafka 4.4 cluster; a feature at level 0 is not listed as finalized, as in Kafka), with the epoch of its last change.
 *
 * <p>Only {@code share.version} is reported: the others Kafka lists (metadata.version, transaction.version,
 * group.version...) describe KRaft and protocol levels whose absence clients already handle as level 0 (a producer
 * keeps the transaction protocol it uses with Freshet today).
 */
final class Features {

    private Features() {
    }

    static void describeInto(ApiVersionsResponseData response, FeatureLevels levels) {
        FeatureLevels.Finalized finalized = levels.finalized();
        response.supportedFeatures().add(new SupportedFeatureKey().setName(FeatureLevels.SHARE_VERSION)
            .setMinVersion((short) 0).setMaxVersion(FeatureLevels.SHARE_VERSION_MAX));
        if (finalized.shareVersion() > 0) {
            response.finalizedFeatures().add(new FinalizedFeatureKey().setName(FeatureLevels.SHARE_VERSION)
                .setMinVersionLevel(finalized.shareVersion()).setMaxVersionLevel(finalized.shareVersion()));
        }
        response.setFinalizedFeaturesEpoch(finalized.epoch());
    }
}
