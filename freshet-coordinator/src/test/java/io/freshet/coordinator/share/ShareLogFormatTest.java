package io.freshet.coordinator.share;

import io.freshet.coordinator.runtime.StateRecord;
import io.freshet.coordinator.runtime.StateRecordCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON of {@code __share_group_state-0}'s records, byte for byte: data directories must stay loadable. */
class ShareLogFormatTest {

    private final StateRecordCodec codec = ShareLogFormat.codec();

    @Test
    void pendingDeadLettersAreWrittenOnlyWhenThereAreSomeAndOldSnapshotsReadAsNone() {
        SharePartitionKey key = new SharePartitionKey("g1", "AAAAAAAAAAAAAAAAAAAAAQ", "orders", 3);
        ShareSnapshot value = new ShareSnapshot(44, List.of(), List.of(
            new ShareSnapshot.PendingDeadLetter(40, 43, (short) 5, DeadLetters.Reason.DELIVERY_COUNT_EXCEEDED)));
        String valueJson = "{\"start\":44,\"ranges\":[],\"dead\":[{\"first\":40,\"last\":43,\"count\":5,"
            + "\"reason\":\"DELIVERY_COUNT_EXCEEDED\"}]}";
        assertThat(new String(codec.encodeValue(value), StandardCharsets.UTF_8)).isEqualTo(valueJson);
        byte[] keyJson = codec.encodeKey(key);
        assertThat(codec.decode(keyJson, valueJson.getBytes(StandardCharsets.UTF_8)).value()).isEqualTo(value);
        assertThat(codec.decode(keyJson, "{\"start\":44,\"ranges\":[]}".getBytes(StandardCharsets.UTF_8)).value())
            .isEqualTo(new ShareSnapshot(44, List.of()));
    }

    @Test
    void aSharePartitionSnapshotKeepsItsJson() {
        SharePartitionKey key = new SharePartitionKey("g1", "AAAAAAAAAAAAAAAAAAAAAQ", "orders", 3);
        ShareSnapshot value = new ShareSnapshot(40, List.of(
            new ShareSnapshot.Range(40, 41, (byte) 0, (short) 2, 1700000000000L),
            new ShareSnapshot.Range(43, 49, (byte) 2, (short) 1, 0)));
        String keyJson = "{\"type\":\"share-partition\",\"group\":\"g1\",\"topicId\":\"AAAAAAAAAAAAAAAAAAAAAQ\","
            + "\"topic\":\"orders\",\"partition\":3}";
        String valueJson = "{\"start\":40,\"ranges\":[{\"first\":40,\"last\":41,\"state\":0,\"count\":2,"
            + "\"at\":1700000000000},{\"first\":43,\"last\":49,\"state\":2,\"count\":1,\"at\":0}]}";
        assertThat(new String(codec.encodeKey(key), StandardCharsets.UTF_8)).isEqualTo(keyJson);
        assertThat(new String(codec.encodeValue(value), StandardCharsets.UTF_8)).isEqualTo(valueJson);
        assertThat(codec.decode(keyJson.getBytes(StandardCharsets.UTF_8), valueJson.getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(new StateRecord(key, value));
        assertThat(codec.decode(keyJson.getBytes(StandardCharsets.UTF_8), null))
            .isEqualTo(StateRecord.tombstone(key));
    }
}
