package io.freshet.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final StringWriter captured = new StringWriter();

    private ProgressLine line(boolean interactive) {
        return new ProgressLine(new PrintWriter(captured), interactive, clock::get);
    }

    @Test
    void shouldRedrawInPlaceAtMostTenTimesASecondOnATerminal() {
        ProgressLine progress = line(true);
        progress.show("10 records");
        clock.addAndGet(50_000_000); // 50 ms: too soon
        progress.show("20 records");
        clock.addAndGet(50_000_000);
        progress.show("3 records");
        progress.clear();

        assertThat(captured.toString()).isEqualTo("\r10 records\r3 records " + "\r" + " ".repeat(9) + "\r");
    }

    @Test
    void shouldDrawAnIntervalLineFirstAfterOneInterval() {
        ProgressLine progress = ProgressLine.every(new PrintWriter(captured), true, clock::get, 1_000_000_000L);
        progress.show("too soon");
        clock.addAndGet(999_999_999);
        progress.show("still too soon");
        clock.addAndGet(1);
        progress.show("1 s");
        clock.addAndGet(500_000_000);
        progress.show("1.5 s");

        assertThat(captured.toString()).isEqualTo("\r1 s");
    }

    @Test
    void shouldDrawNothingWhenNotATerminal() {
        ProgressLine progress = line(false);
        progress.show("10 records");
        clock.addAndGet(1_000_000_000);
        progress.show("20 records");
        progress.clear();

        assertThat(captured.toString()).isEmpty();
        assertThat(progress.due()).isFalse();
    }

    @Test
    void shouldFormatRatesInKafkasMegabytes() {
        assertThat(ProgressLine.rates(12_345, 12_345L * 1024, 2_000_000_000L))
                .isEqualTo("12,345 records  6,173 rec/s  6.0 MB/s");
    }
}
