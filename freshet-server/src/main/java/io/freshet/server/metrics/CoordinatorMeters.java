package io.freshet.server.metrics;

import io.freshet.coordinator.group.RebalanceCounts;
import io.freshet.coordinator.txn.TransactionOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The coordinators' counts, read at scrape time from their adders:
 * <ul>
 *   <li>rebalances, under Kafka's {@code kafka.server:type=group-coordinator-metrics} names:
 *       {@code kafka_server_group_coordinator_metrics_group_completed_rebalance_count_total} (classic groups) and
 *       {@code kafka_server_group_coordinator_metrics_consumer_group_rebalance_count_total} (KIP-848 groups);</li>
 *   <li>transactions completed, {@code freshet_transactions_total{result="committed"|"aborted"}}: Kafka's broker
 *       counts none (its producers do).</li>
 * </ul>
 */
final class CoordinatorMeters {

    static final String CLASSIC_REBALANCES = "kafka.server.group.coordinator.metrics.group.completed.rebalance.count";
    static final String CONSUMER_REBALANCES = "kafka.server.group.coordinator.metrics.consumer.group.rebalance.count";
    static final String TRANSACTIONS = "freshet.transactions";

    private CoordinatorMeters() {
    }

    static void bind(MeterRegistry registry, RebalanceCounts rebalances, TransactionOutcomes transactions) {
        FunctionCounter.builder(CLASSIC_REBALANCES, rebalances, RebalanceCounts::classic)
            .description("Classic consumer groups' completed rebalances (a new generation with members)")
            .register(registry);
        FunctionCounter.builder(CONSUMER_REBALANCES, rebalances, RebalanceCounts::consumer)
            .description("Consumer groups' (KIP-848) rebalances: group epoch bumps")
            .register(registry);
        FunctionCounter.builder(TRANSACTIONS, transactions, TransactionOutcomes::committed)
            .description("Transactions completed (markers written, offsets committed or dropped)")
            .tag("result", "committed")
            .register(registry);
        FunctionCounter.builder(TRANSACTIONS, transactions, TransactionOutcomes::aborted)
            .description("Transactions completed (markers written, offsets committed or dropped)")
            .tag("result", "aborted")
            .register(registry);
    }
}
