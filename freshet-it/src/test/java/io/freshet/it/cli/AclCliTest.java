package io.freshet.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.freshet.testkit.FreshetExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code freshet acl} against a broker without an authorizer (the suite's: Freshet, or Kafka under
 * {@code scripts/suite-on-kafka.sh}): every subcommand says SECURITY_DISABLED in one line, exit code 1. With an
 * authorizer: {@code security/AclCommandTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AclCliTest {

    @RegisterExtension
    static final FreshetExtension FRESHET = FreshetExtension.perClass();

    @Test
    void aBrokerWithoutAnAuthorizerSaysSecurityDisabled() {
        Cli plain = new Cli(FRESHET.bootstrapServers());
        for (Cli.Run run : List.of(plain.run("acl", "list"), plain.run("acl", "create", "--allow-principal",
                "User:alice", "--operation", "Read", "--topic", "t"), plain.run("acl", "delete", "--topic", "t"))) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines().toList()).containsExactly("freshet acl: SECURITY_DISABLED: the broker "
                    + "has no authorizer, so it keeps no ACLs (set authorizer.class.name on the broker)");
            assertThat(run.out()).isEmpty();
        }
    }
}
