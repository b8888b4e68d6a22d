package io.freshet.coordinator;

import io.freshet.coordinator.group.GroupKey;
import io.freshet.coordinator.group.GroupLogFormat;
import io.freshet.coordinator.group.GroupValue;
import io.freshet.coordinator.group.offsets.OffsetKey;
import io.freshet.coordinator.group.offsets.OffsetValue;
import io.freshet.coordinator.group.offsets.PendingOffsetsKey;
import io.freshet.coordinator.group.offsets.PendingOffsetsValue;
import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateRecordCodec;
import io.freshet.coordinator.txn.TransactionKey;
import io.freshet.coordinator.txn.TransactionLogFormat;
import io.freshet.coordinator.txn.TransactionValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON of the internal logs' records, byte for byte, as the versions before the coordinator runtime wrote them:
 * data directories written by earlier versions must load, so a refactoring may move the classes but never change a
 * type name or a field.
 */
class StateRecordFormatTest {

    private final StateRecordCodec groups = GroupLogFormat.codec();
    private final StateRecordCodec transactions = TransactionLogFormat.codec();

    @Test
    void aCommittedOffsetAndItsTombstoneKeepTheirJson() {
        roundTrip(groups, "{\"type\":\"offset\",\"group\":\"g1\",\"topic\":\"orders\",\"partition\":3}",
            "{\"offset\":42,\"leaderEpoch\":7,\"metadata\":\"m\",\"commitTimestampMs\":1700000000000}",
            new StateRecord(new OffsetKey("g1", "orders", 3), new OffsetValue(42, 7, "m", 1700000000000L)));
        roundTrip(groups, "{\"type\":\"offset\",\"group\":\"g1\",\"topic\":\"orders\",\"partition\":4}", null,
            StateRecord.tombstone(new OffsetKey("g1", "orders", 4)));
    }

    @Test
    void aClassicGroupKeepsItsJson() {
        roundTrip(groups, "{\"type\":\"group\",\"group\":\"g1\"}",
            "{\"protocol\":\"classic\",\"protocolType\":\"consumer\",\"generation\":2,\"protocolName\":\"range\","
                + "\"leader\":\"m1\",\"members\":[{\"memberId\":\"m1\",\"groupInstanceId\":\"i1\",\"clientId\":\"c1\","
                + "\"clientHost\":\"/127.0.0.1\",\"rebalanceTimeoutMs\":30000,\"sessionTimeoutMs\":10000,"
                + "\"metadata\":\"AQID\",\"assignment\":\"BAU=\"}]}",
            new StateRecord(new GroupKey("g1"), new GroupValue.Classic("consumer", 2, "range", "m1",
                List.of(new GroupValue.ClassicMember("m1", "i1", "c1", "/127.0.0.1", 30000, 10000,
                    new byte[] {1, 2, 3}, new byte[] {4, 5})))));
    }

    @Test
    void aConsumerGroupKeepsItsJson() {
        roundTrip(groups, "{\"type\":\"group\",\"group\":\"g2\"}",
            "{\"protocol\":\"consumer\",\"groupEpoch\":5,\"assignmentEpoch\":4,\"members\":[{\"memberId\":\"m1\","
                + "\"instanceId\":null,\"rackId\":\"r1\",\"clientId\":\"c1\",\"clientHost\":\"/127.0.0.1\","
                + "\"memberEpoch\":4,\"previousMemberEpoch\":3,\"rebalanceTimeoutMs\":30000,"
                + "\"subscribedTopicNames\":[\"orders\"],\"subscribedTopicRegex\":null,\"serverAssignor\":\"uniform\","
                + "\"assigned\":{\"orders\":[0,1]},\"revoking\":{},\"target\":{\"orders\":[0]}}],"
                + "\"topicPartitions\":{\"orders\":2}}",
            new StateRecord(new GroupKey("g2"), new GroupValue.Consumer(5, 4, List.of(
                new GroupValue.ConsumerMember("m1", null, "r1", "c1", "/127.0.0.1", 4, 3, 30000, List.of("orders"),
                    null, "uniform", Map.of("orders", List.of(0, 1)), Map.of(), Map.of("orders", List.of(0)))),
                Map.of("orders", 2))));
    }

    @Test
    void pendingTransactionalOffsetsKeepTheirJson() {
        roundTrip(groups, "{\"type\":\"pending-offsets\",\"group\":\"g1\",\"producerId\":1000}",
            "{\"offsets\":[{\"topic\":\"orders\",\"partition\":1,\"offset\":9,\"leaderEpoch\":-1,\"metadata\":\"\","
                + "\"commitTimestampMs\":1700000000001}]}",
            new StateRecord(new PendingOffsetsKey("g1", 1000L), new PendingOffsetsValue(List.of(
                new PendingOffsetsValue.Entry("orders", 1, 9, -1, "", 1700000000001L)))));
    }

    @Test
    void aTransactionalIdKeepsItsJson() {
        roundTrip(transactions, "{\"type\":\"transaction\",\"transactionalId\":\"t1\"}",
            "{\"producerId\":1000,\"producerEpoch\":3,\"lastProducerEpoch\":2,\"timeoutMs\":60000,\"state\":\"Ongoing\","
                + "\"partitions\":{\"orders\":[0,1]},\"groups\":[\"g1\"],\"txnStartMs\":1700000000002,"
                + "\"lastUpdateMs\":1700000000003}",
            new StateRecord(new TransactionKey("t1"), new TransactionValue(1000L, (short) 3, (short) 2, 60000,
                "Ongoing", Map.of("orders", List.of(0, 1)), List.of("g1"), 1700000000002L, 1700000000003L)));
    }

    /** Today's bytes decode to the record, and the record encodes to the same bytes. */
    private static void roundTrip(StateRecordCodec codec, String keyJson, String valueJson, StateRecord expected) {
        byte[] key = keyJson.getBytes(StandardCharsets.UTF_8);
        byte[] value = valueJson == null ? null : valueJson.getBytes(StandardCharsets.UTF_8);
        StateRecord decoded = codec.decode(key, value);
        assertThat(decoded.key()).isEqualTo(expected.key());
        assertThat(decoded.value()).usingRecursiveComparison().isEqualTo(expected.value());
        assertThat(new String(codec.encodeKey(decoded.key()), StandardCharsets.UTF_8)).isEqualTo(keyJson);
        byte[] encoded = codec.encodeValue(decoded.value());
        assertThat(encoded == null ? null : new String(encoded, StandardCharsets.UTF_8)).isEqualTo(valueJson);
    }
}
