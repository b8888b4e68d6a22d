package io.freshet.bench.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ReadingsTest {

    @Test
    void shouldWriteHundredByteJsonReadingsOverTenThousandDevicesAboutATenthHot() throws Exception {
        JsonNode reading = new ObjectMapper().readTree(Readings.value(12_345));

        assertThat(LongStream.range(0, 1_000).map(i -> Readings.value(i).length).distinct().toArray())
            .containsExactly(100);
        assertThat(reading.get("TEMP").asDouble()).isEqualTo(Readings.temperature(12_345));
        assertThat(reading.get("TS").asLong()).isEqualTo(Readings.BASE_TIME + 12_345);
        assertThat(Readings.device(12_345)).isEqualTo("device-02345");
        assertThat(LongStream.range(0, 100_000).filter(Readings::hot).count()).isBetween(9_000L, 11_000L);
    }
}
