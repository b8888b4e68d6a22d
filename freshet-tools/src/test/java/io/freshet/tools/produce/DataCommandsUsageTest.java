package io.freshet.tools.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.tools.Tools;
import io.freshet.tools.cli.ToolCommand;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** produce, consume and bench refuse a bad command line before connecting: exit 2, one line, then the usage. */
class DataCommandsUsageTest {

    private static String[] run(String command, String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Tools.find(command).orElseThrow().run(args.isEmpty() ? List.of() : List.of(args.split(" ")),
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), false);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "produce|''|freshet produce: Missing TOPIC",
        "produce|t -z brotli|freshet produce: Unknown compression 'brotli': one of none, gzip, snappy, lz4, zstd",
        "produce|t --acks 2|freshet produce: --acks takes all, 1 or 0, not '2'",
        "produce|t -H novalue|freshet produce: --header takes KEY=VALUE, not 'novalue'",
        "produce|t -p -1|freshet produce: --partition takes a number >= 0, not -1",
        "produce|t -k|freshet produce: Missing value for -k",
        "consume|t -n zero|freshet consume: --num takes a number, not 'zero'",
        "consume|t -n 0|freshet consume: --num takes a number >= 1, not 0",
        "consume|t -f %q|freshet consume: Unknown format directive %q (known: %t %p %o %k %s %T %h %K %S %%)",
        "consume|t u|freshet consume: Unexpected argument: u",
        "bench|''|freshet bench: Missing produce or consume",
        "bench|produce t -s 99999999999|freshet bench: --size takes at most 67108864 bytes, not 99999999999",
        "bench|consume t --rate 5|freshet bench: Unknown option: --rate",
    })
    void shouldExitTwoWithOneLineAndTheUsage(String command, String args, String message) {
        String[] result = run(command, args);
        assertThat(result[0]).isEqualTo(String.valueOf(ToolCommand.EXIT_USAGE));
        assertThat(result[1]).isEmpty();
        assertThat(result[2]).startsWith(message + "\nUsage: freshet " + command);
    }

    @ParameterizedTest
    @CsvSource({"produce,--help", "consume,-h", "bench,--help", "bench,produce --help"})
    void shouldPrintTheUsageOnHelp(String command, String args) {
        String[] result = run(command, args);
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).startsWith("Usage: freshet " + command);
        assertThat(result[2]).isEmpty();
    }
}
