package io.freshet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlSettingsTest {

    @Test
    void shouldRunTheEngineUnlessSqlEnabledIsFalse() {
        assertThat(SqlSettings.fromProperties(Map.of()).enabled()).isTrue();
        assertThat(SqlSettings.fromProperties(Map.of("sql.enabled", "FALSE")).enabled()).isFalse();
        assertThat(FreshetServer.Config.fromProperties(Map.of("sql.enabled", "false")).sql().enabled()).isFalse();
    }

    @Test
    void shouldRefuseAValueOtherThanTrueOrFalseNamingTheKey() {
        assertThatThrownBy(() -> SqlSettings.fromProperties(Map.of("sql.enabled", "yes")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("sql.enabled: expected true or false, not 'yes'");
    }
}
