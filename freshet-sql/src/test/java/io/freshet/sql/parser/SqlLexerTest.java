package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.freshet.sql.SqlException;
import io.freshet.sql.ast.Position;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    @Test
    void shouldGiveEachTokenItsLineColumnAndOffsets() {
        String text = "select `My Col`,\r\n\t'it''s' -- comment\n  /* multi\nline */ x<=1.5e2;";
        List<Token> tokens = SqlLexer.tokenize(text);

        assertThat(tokens).extracting(Token::kind, Token::value, Token::position).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Token.Kind.WORD, "SELECT", new Position(1, 1)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.QUOTED_IDENTIFIER, "My Col", new Position(1, 8)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.SYMBOL, ",", new Position(1, 16)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.STRING, "it's", new Position(2, 2)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.WORD, "X", new Position(4, 9)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.SYMBOL, "<=", new Position(4, 10)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.DECIMAL, "1.5e2", new Position(4, 12)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.SYMBOL, ";", new Position(4, 17)),
                org.assertj.core.groups.Tuple.tuple(Token.Kind.END_OF_INPUT, "", new Position(4, 18)));
        Token quoted = tokens.get(3);
        assertThat(text.substring(quoted.start(), quoted.end())).isEqualTo("'it''s'");
        assertThat(tokens.get(4).text()).isEqualTo("x");
    }

    @Test
    void shouldReadDoubleQuotedIdentifiersAndEveryOperator() {
        assertThat(SqlLexer.tokenize("\"a\"\"b\" <> != < > >= = + - * / % ( ) . ;"))
                .extracting(Token::value).containsExactly("a\"b", "<>", "!=", "<", ">", ">=", "=", "+", "-", "*",
                        "/", "%", "(", ")", ".", ";", "");
    }

    @Test
    void shouldRefuseStructFieldAccessAndArrays() {
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT a->b FROM s")).isInstanceOf(SqlException.class)
                .hasMessage("unexpected '->': struct fields are not supported");
        assertThatThrownBy(() -> SqlLexer.tokenize("SELECT a[1] FROM s")).isInstanceOf(SqlException.class)
                .hasMessage("unexpected character '[' (arrays, maps, structs and || are not supported)");
    }
}
