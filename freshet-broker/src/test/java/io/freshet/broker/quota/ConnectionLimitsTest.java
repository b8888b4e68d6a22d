package io.freshet.broker.quota;

import io.freshet.broker.BrokerConfig;
import io.freshet.broker.FreshetBroker;
import io.freshet.broker.WireClient;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** max.connections.per.ip on the Kafka listener: the connection over the limit is closed, a freed slot is reused. */
@Timeout(60)
class ConnectionLimitsTest {

    @TempDir
    Path dataDir;

    private static boolean answers(WireClient client) throws Exception {
        ApiVersionsResponseData response = client.call(new ApiVersionsRequestData()
            .setClientSoftwareName("t").setClientSoftwareVersion("1"), (short) 3);
        return response.errorCode() == Errors.NONE.code();
    }

    @Test
    void theConnectionOverThePerIpLimitIsClosedAndAFreedSlotAcceptsAgain() throws Exception {
        int limit = 3;
        try (FreshetBroker broker = FreshetBroker.start(BrokerConfig.fromProperties(Map.of("port", "0",
            "log.dirs", dataDir.toString(), "max.connections.per.ip", String.valueOf(limit))))) {
            List<WireClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    WireClient client = new WireClient(broker.boundPort());
                    open.add(client);
                    assertThat(answers(client)).isTrue();
                }
                try (WireClient over = new WireClient(broker.boundPort())) {
                    assertThat(over.isClosedByBroker()).isTrue();
                }
                open.remove(0).close();
                // The freed slot is released when the broker sees the close: retry briefly (bounded poll).
                long deadline = System.currentTimeMillis() + 5_000;
                boolean accepted = false;
                while (!accepted && System.currentTimeMillis() < deadline) {
                    WireClient again = new WireClient(broker.boundPort());
                    try {
                        accepted = answers(again);
                    } catch (java.io.IOException closed) {
                        again.close();
                        continue;
                    }
                    open.add(again);
                }
                assertThat(accepted).isTrue();
                for (WireClient client : open) {
                    assertThat(answers(client)).isTrue();
                }
            } finally {
                for (WireClient client : open) {
                    client.close();
                }
            }
        }
    }
}
