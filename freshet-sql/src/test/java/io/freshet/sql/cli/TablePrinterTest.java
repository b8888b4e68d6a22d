package io.freshet.sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    @Test
    void shouldPrintAListingAsKsqlDbsCliDoes() {
        String table = TablePrinter.listing(List.of("Stream Name", "Kafka Topic", "Windowed"),
            List.of(List.of("READINGS", "readings", "false"), List.of("HOT", "HOT", "false")));

        assertThat(table).isEqualTo(""
            + " Stream Name | Kafka Topic | Windowed \n"
            + "--------------------------------------\n"
            + " READINGS    | readings    | false    \n"
            + " HOT         | HOT         | false    \n"
            + "--------------------------------------\n");
    }

    @Test
    void shouldBoxPushQueryRowsWithWidthsFromTheHeader() {
        List<String> names = List.of("DEVICE", "A_LONG_COLUMN_NAME");
        assertThat(TablePrinter.boxHeader(names)).isEqualTo(""
            + "+------------+-------------------+\n"
            + "|DEVICE      |A_LONG_COLUMN_NAME |\n"
            + "+------------+-------------------+\n");
        assertThat(TablePrinter.boxRow(names, List.of("d1", "85.5"))).isEqualTo(
            "|d1          |85.5               |\n");
    }

    @Test
    void shouldRefuseABadCommandLineWithExitCode2() {
        StringWriter err = new StringWriter();
        int code = SqlCommand.run(List.of("--bogus"), new ByteArrayInputStream(new byte[0]),
            new PrintWriter(new StringWriter()), new PrintWriter(err), StopSignal.manual());

        assertThat(code).isEqualTo(SqlCommand.EXIT_USAGE);
        assertThat(err.toString()).startsWith("freshet sql: Unknown option: --bogus\nUsage: freshet sql");
        assertThat(SqlCommand.run(List.of("-e", "SHOW STREAMS;", "-f", "x.sql"), new ByteArrayInputStream(
            new byte[0]), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            StopSignal.manual())).isEqualTo(SqlCommand.EXIT_USAGE);
    }
}
