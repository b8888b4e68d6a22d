package io.freshet.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

public final class TextTableTest {

    private static String print(TextTable table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void shouldAlignColumnsToTheWidestCellWithoutTrailingSpaces() {
        TextTable table = new TextTable("GROUP", "PARTITION", "LAG")
                .row("orders-consumers", 0, 12345)
                .row("g", 10, null);

        assertThat(print(table)).isEqualTo(String.join(System.lineSeparator(),
                "GROUP             PARTITION  LAG",
                "orders-consumers  0          12345",
                "g                 10         -", ""));
    }

    @Test
    void shouldPrintTheHeaderAloneWhenThereAreNoRows() {
        assertThat(print(new TextTable("GROUP", "TYPE", "STATE"))).isEqualTo("GROUP  TYPE  STATE"
                + System.lineSeparator());
    }

    @Test
    void shouldRefuseARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
