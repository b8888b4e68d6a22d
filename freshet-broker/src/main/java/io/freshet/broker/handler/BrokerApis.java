package io.freshet.broker.handler;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.ReportedConfigs;
import io.freshet.broker.fetch.FetchPurgatory;
import io.freshet.broker.metadata.FeatureLevels;
import io.freshet.broker.metadata.GroupConfigs;
import io.freshet.broker.metadata.TopicController;
import io.freshet.broker.metrics.BrokerMetrics;
import io.freshet.broker.share.ShareServices;
import io.freshet.coordinator.group.GroupCoordinator;
import io.freshet.coordinator.share.ShareStates;
import io.freshet.coordinator.txn.TransactionCoordinator;
import io.freshet.security.Security;
import io.freshet.storage.log.LogStore;

import java.util.List;

/** The APIs this broker serves, wired to their dependencies. */
public final class BrokerApis {

    private BrokerApis() {
    }

    public static ApiRouter router(BrokerConfig config, BrokerIdentity identity, TopicController topics,
                                   FetchPurgatory purgatory, LogStore store,
                                   GroupCoordinator groups, TransactionCoordinator transactions,
                                   GroupConfigs groupConfigs, ShareStates shareStates, ShareServices share,
                                   FeatureLevels features, BrokerMetrics metrics, ReportedConfigs reported,
                                   Security security) {
        Authorization auth = Authorization.of(security);
        CoordinatorAccess access = new CoordinatorAccess(auth);
        List<ApiHandler<?, ?>> handlers = new java.util.ArrayList<>(List.of(
            new ProduceHandler(topics, metrics, auth),
            new FetchHandler(topics, purgatory, config.fetchMaxBytes(), metrics, auth),
            new ListOffsetsHandler(topics, auth),
            new MetadataHandler(topics, identity, auth),
            new CreateTopicsHandler(topics, config.nodeId(), auth),
            new DeleteTopicsHandler(topics, auth),
            new DeleteRecordsHandler(topics, auth),
            new InitProducerIdHandler(topics, store.producerIds(), transactions, auth),
            new DescribeConfigsHandler(topics, config, groupConfigs, reported, auth),
            new AlterConfigsHandler(topics, auth),
            new CreatePartitionsHandler(topics, config.nodeId(), auth),
            new IncrementalAlterConfigsHandler(topics, groupConfigs, auth),
            new FindCoordinatorHandler(identity, auth),
            new DescribeLogDirsHandler(store, auth),
            new CreateAclsHandler(security.acls(), auth),
            new DescribeAclsHandler(security.acls(), auth),
            new DeleteAclsHandler(security.acls(), auth)));
        handlers.addAll(GroupApis.handlers(groups, access));
        handlers.addAll(TxnApis.handlers(transactions, groups, topics, auth));
        List<ApiHandler<?, ?>> shareApis = new java.util.ArrayList<>(ShareGroupApis.handlers(groups, shareStates,
            topics, access));
        shareApis.add(new ShareFetchHandler(share, auth));
        shareApis.add(new ShareAcknowledgeHandler(share, auth));
        shareApis.forEach(h -> handlers.add(ShareVersionGate.wrap(h, features)));
        handlers.add(new UpdateFeaturesHandler(features, topics, config.nodeId(), auth));
        AuthenticationGate gate = new AuthenticationGate(security.sasl());
        handlers.addAll(List.of(new SaslHandshakeHandler(gate), new SaslAuthenticateHandler(gate),
            new AlterUserScramCredentialsHandler(security), new DescribeUserScramCredentialsHandler(security)));
        if (security.quotaStore() != null) {
            handlers.add(new DescribeClientQuotasHandler(security.quotaStore(), auth));
            handlers.add(new AlterClientQuotasHandler(security.quotaStore(), auth));
        }
        return new ApiRouter(handlers, features, gate).withQuotas(security.quotas(), security.connectionLimits());
    }
}
