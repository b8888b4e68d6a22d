package io.freshet.broker.handler;

import io.freshet.broker.metadata.FeatureLevels;
import io.freshet.broker.metadata.TopicController;
import org.apache.kafka.common.message.UpdateFeaturesRequestData;
import org.apache.kafka.common.message.UpdateFeaturesRequestData.FeatureUpdateKey;
import org.apache.kafka.common.message.UpdateFeaturesResponseData;
import org.apache.kafka.common.message.UpdateFeaturesResponseData.UpdatableFeatureResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * UpdateFeatures (key 57), versions 0-2: what {@code kafka-features.sh upgrade/downgrade} and
 * {@code Admin.updateFeatures} send. Freshet has one feature, {@code share.version} (0-2): 0 turns share groups off
 * (their APIs answer UNSUPPORTED_VERSION, {@link ShareVersionGate}), 1 and 2 on.
 * <ul>
 *   <li>v0: AllowDowngrade; v1: UpgradeType (1 upgrade, 2 safe downgrade, 3 unsafe downgrade) and ValidateOnly;
 *       v2: no per-feature results, only the top-level error.</li>
 * </ul>
 * As in Kafka, the request is all or nothing: one bad update (an unknown feature, a level outside 0-2, a downgrade not
 * asked for as one) fails all with INVALID_UPDATE_VERSION and Kafka's message. The level is written to
 * {@code features.json} on the topic controller thread, with a new finalized-features epoch.
 */
final class UpdateFeaturesHandler implements ApiHandler<UpdateFeaturesRequestData, UpdateFeaturesResponseData> {

    private static final ApiVersionRange VERSIONS = new ApiVersionRange(ApiKeys.UPDATE_FEATURES, 0, 2);
    private static final byte UPGRADE = 1;

    private final FeatureLevels features;
    private final TopicController topics;
    private final int nodeId;
    private final Authorization authorization;

    UpdateFeaturesHandler(FeatureLevels features, TopicController topics, int nodeId, Authorization authorization) {
        this.authorization = authorization;
        this.features = features;
        this.topics = topics;
        this.nodeId = nodeId;
    }

    @Override
    public ApiVersionRange versions() {
        return VERSIONS;
    }

    @Override
    public CompletableFuture<UpdateFeaturesResponseData> handle(RequestContext context,
                                                                UpdateFeaturesRequestData request) {
        // As Kafka: ALTER on the cluster.
        authorization.requireCluster(context, org.apache.kafka.common.acl.AclOperation.ALTER);
        short version = context.apiVersion();
        String problem = null;
        Short shareVersion = null;
        for (FeatureUpdateKey update : request.featureUpdates()) {
            String error = check(update, version);
            if (error != null && problem == null) {
                problem = error;
            }
            if (error == null) {
                shareVersion = update.maxVersionLevel();
            }
        }
        if (problem != null) {
            return CompletableFuture.completedFuture(response(request, version, Errors.INVALID_UPDATE_VERSION,
                "The update failed for all features since the following feature had an error: " + problem));
        }
        if (shareVersion == null || request.validateOnly()
            || shareVersion == features.finalized().shareVersion()) {
            return CompletableFuture.completedFuture(response(request, version, Errors.NONE, null));
        }
        short level = shareVersion;
        return topics.submit(() -> {
            features.setShareVersion(level);
            return response(request, version, Errors.NONE, null);
        });
    }

    /** Kafka's message for a bad update, or null. */
    private String check(FeatureUpdateKey update, short version) {
        String prefix = "Invalid update version " + update.maxVersionLevel() + " for feature " + update.feature()
            + ". ";
        if (!FeatureLevels.SHARE_VERSION.equals(update.feature())) {
            return prefix + "Local controller " + nodeId + " does not support this feature.";
        }
        if (update.maxVersionLevel() < 0 || update.maxVersionLevel() > FeatureLevels.SHARE_VERSION_MAX) {
            return prefix + "Local controller " + nodeId + " only supports versions 0-" + FeatureLevels.SHARE_VERSION_MAX;
        }
        boolean downgrade = update.maxVersionLevel() < features.finalized().shareVersion();
        boolean downgradeAllowed = version == 0 ? update.allowDowngrade() : update.upgradeType() != UPGRADE;
        if (downgrade && !downgradeAllowed) {
            return prefix + "Can't downgrade the version of this feature without setting the upgrade type to either "
                + "safe or unsafe downgrade.";
        }
        return null;
    }

    private static UpdateFeaturesResponseData response(UpdateFeaturesRequestData request, short version, Errors error,
                                                       String message) {
        UpdateFeaturesResponseData response = new UpdateFeaturesResponseData().setErrorCode(error.code())
            .setErrorMessage(message);
        if (version <= 1) {
            for (FeatureUpdateKey update : request.featureUpdates()) {
                response.results().add(new UpdatableFeatureResult().setFeature(update.feature())
                    .setErrorCode(error.code()).setErrorMessage(message));
            }
        }
        return response;
    }
}
