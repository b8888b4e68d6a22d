package io.freshet.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewaySettingsTest {

    private static final GatewaySettings.Listener DEFAULTS = new GatewaySettings.Listener("127.0.0.1", 8082);

    @Test
    void listenerIsReadWithItsSchemeAndFallsBackToTheDefaults() {
        assertThat(GatewaySettings.listener(Map.of("k", "HTTP://0.0.0.0:9000"), "k", "HTTP", DEFAULTS))
            .isEqualTo(new GatewaySettings.Listener("0.0.0.0", 9000));
        assertThat(GatewaySettings.listener(Map.of("k", " http://:-1 "), "k", "HTTP", DEFAULTS))
            .isEqualTo(new GatewaySettings.Listener("127.0.0.1", -1));
        assertThat(GatewaySettings.listener(Map.of(), "k", "HTTP", DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(GatewaySettings.listener(Map.of("k", ""), "k", "HTTP", DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void aBadListenerNamesTheKeyAndTheExpectedForm() {
        assertThatThrownBy(() -> GatewaySettings.listener(Map.of("http.listeners", "MQTT://h:1"), "http.listeners",
            "HTTP", DEFAULTS)).hasMessage("http.listeners: expected HTTP://host:port, got 'MQTT://h:1'");
        assertThatThrownBy(() -> GatewaySettings.listener(Map.of("k", "HTTP://a:1,HTTP://b:2"), "k", "HTTP",
            DEFAULTS)).hasMessageStartingWith("k: expected HTTP://host:port");
        assertThatThrownBy(() -> GatewaySettings.listener(Map.of("k", "HTTP://h:70000"), "k", "HTTP", DEFAULTS))
            .hasMessage("k: 70000 is out of range [-1, 65535]");
        assertThatThrownBy(() -> GatewaySettings.listener(Map.of("k", "HTTP://h"), "k", "HTTP", DEFAULTS))
            .hasMessageStartingWith("k: expected HTTP://host:port");
    }

    @Test
    void integersAreBoundedAndNamedWhenWrong() {
        assertThat(GatewaySettings.longValue(Map.of("n", " 42 "), "n", 0, 100, 7)).isEqualTo(42);
        assertThat(GatewaySettings.intValue(Map.of(), "n", 0, 100, 7)).isEqualTo(7);
        assertThatThrownBy(() -> GatewaySettings.longValue(Map.of("n", "lots"), "n", 0, 100, 7))
            .hasMessage("n: not an integer: 'lots'");
        assertThatThrownBy(() -> GatewaySettings.intValue(Map.of("n", "101"), "n", 0, 100, 7))
            .hasMessage("n: 101 is out of range [0, 100]");
        assertThat(GatewaySettings.string(Map.of("s", " rules "), "s", "")).isEqualTo("rules");
        assertThat(GatewaySettings.string(Map.of(), "s", "none")).isEqualTo("none");
    }
}
