package io.freshet.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.freshet.sql.SqlException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever a user types, the parser answers with statements or a positioned {@link SqlException}, never another
 * exception (an index out of bounds, a number format error) that a terminal would show as a stack trace.
 */
class ParserRobustnessTest {

    private static final List<String> VOCABULARY = List.of("CREATE", "STREAM", "TABLE", "OR", "REPLACE", "IF", "NOT",
            "EXISTS", "AS", "SELECT", "FROM", "WHERE", "WINDOW", "TUMBLING", "HOPPING", "SESSION", "SIZE", "ADVANCE",
            "BY", "GRACE", "PERIOD", "GROUP", "PARTITION", "HAVING", "EMIT", "CHANGES", "FINAL", "LIMIT", "JOIN",
            "LEFT", "ON", "WITHIN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "INT", "KEY", "PRIMARY", "WITH",
            "SHOW", "PRINT", "SET", "UNSET", "DROP", "TERMINATE", "DESCRIBE", "INSERT", "INTO", "MINUTE", "SECONDS",
            "a", "b", "`q`", "'s'", "''", "1", "0", "99999999999999999999", "1.5", "1e9", ".5", "(", ")", ",", ";",
            ".", "*", "+", "-", "/", "%", "=", "<>", "<", ">=", "IS", "NULL", "IN", "BETWEEN", "LIKE", "AND",
            "COUNT", "--c\n", "/*c*/", "\n", "'", "`", "\"");

    @Test
    void shouldAnswerRandomTokenSoupsWithStatementsOrASqlException() {
        Random random = new Random(13);
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(25);
            for (int j = 0; j < length; j++) {
                text.append(VOCABULARY.get(random.nextInt(VOCABULARY.size()))).append(random.nextInt(4) == 0 ? "" : " ");
            }
            assertParsesOrExplains(text.toString());
        }
    }

    @Test
    void shouldAnswerEveryPrefixOfAValidScriptWithStatementsOrASqlException() {
        String script = "CREATE TABLE per_minute WITH (PARTITIONS=2) AS SELECT r.device, WINDOWSTART AS ws, COUNT(*) n, "
                + "CASE WHEN AVG(temp) > 80 THEN 'hot' ELSE 'ok' END AS s FROM readings r LEFT JOIN devices d ON "
                + "r.device = d.id WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, GRACE PERIOD 0 SECONDS) "
                + "WHERE temp NOT BETWEEN -1.5 AND 1e3 AND site IN ('a', `B`) GROUP BY r.device EMIT FINAL; "
                + "PRINT 'x' FROM BEGINNING LIMIT 2; SET 'a'='b'";
        assertThat(SqlParser.parse(script)).hasSize(3);
        for (int end = 0; end < script.length(); end++) {
            assertParsesOrExplains(script.substring(0, end));
        }
    }

    private static void assertParsesOrExplains(String text) {
        try {
            assertThat(SqlParser.parse(text)).isNotNull();
        } catch (SqlException e) {
            assertThat(e.position().line()).as(text).isPositive();
            assertThat(e.getMessage()).as(text).isNotBlank();
        }
    }
}
