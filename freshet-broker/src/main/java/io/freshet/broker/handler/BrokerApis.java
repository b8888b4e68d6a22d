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
        List<ApiHandler<?, ?>> handlers = new java.util.ArrayList<>(List.of(
            new ProduceHandler(topics, metrics),
            new FetchHandler(topics, purgatory, config.fetchMaxBytes(), metrics),
            new ListOffsetsHandler(topics),
            new MetadataHandler(topics, identity),
            new CreateTopicsHandler(topics, config.nodeId()),
            new DeleteTopicsHandler(topics),
            new DeleteRecordsHandler(topics),
            new InitProducerIdHandler(topics, store.producerIds(), transactions),
            new DescribeConfigsHandler(topics, config, groupConfigs, reported),
            new AlterConfigsHandler(topics),
            new CreatePartitionsHandler(topics, config.nodeId()),
            new IncrementalAlterConfigsHandler(topics, groupConfigs),
            new FindCoordinatorHandler(identity),
            new DescribeLogDirsHandler(store)));
        handlers.addAll(GroupApis.handlers(groups));
        handlers.addAll(TxnApis.handlers(transactions, groups, topics));
        List<ApiHandler<?, ?>> shareApis = new java.util.ArrayList<>(ShareGroupApis.handlers(groups, shareStates,
            topics));
        shareApis.add(new ShareFetchHandler(share));
        shareApis.add(new ShareAcknowledgeHandler(share));
        shareApis.forEach(h -> handlers.add(ShareVersionGate.wrap(h, features)));
        handlers.add(new UpdateFeaturesHandler(features, topics, config.nodeId()));
        AuthenticationGate gate = new AuthenticationGate(security.sasl());
        handlers.addAll(List.of(new SaslHandshakeHandler(gate), new SaslAuthenticateHandler(gate),
            new AlterUserScramCredentialsHandler(security), new DescribeUserScramCredentialsHandler(security)));
        return new ApiRouter(handlers, features, gate);
    }
}
