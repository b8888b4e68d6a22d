package io.freshet.broker.share;

import io.freshet.broker.fetch.ShareFetchPurgatory;
import io.freshet.broker.metadata.TopicController;
import io.freshet.coordinator.share.ShareGroupSettings;
import io.freshet.coordinator.share.ShareLogReader;
import io.freshet.coordinator.share.ShareStates;

/**
 * What the ShareFetch and ShareAcknowledge handlers work with, wired once by the broker.
 *
 * @param states        share-partition state (the share coordinator)
 * @param sessions      this broker's share sessions
 * @param purgatory     ShareFetches waiting for records
 * @param reader        the partition logs as the share coordinator reads them
 * @param membership    which member ids ShareFetch serves (Kafka 4.4: any)
 * @param settings      group configs (the lock duration a response reports)
 * @param fetchMaxBytes the broker's {@code fetch.max.bytes}: no response is larger, whatever MaxBytes says
 * @param nodeId        this broker, the leader of every partition
 */
public record ShareServices(TopicController topics, ShareStates states, ShareSessions sessions,
                            ShareFetchPurgatory purgatory, ShareLogReader reader, ShareMemberCheck membership,
                            ShareGroupSettings.Source settings, int fetchMaxBytes, int nodeId) {
}
