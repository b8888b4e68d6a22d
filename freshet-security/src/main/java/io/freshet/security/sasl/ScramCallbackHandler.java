package io.freshet.security.sasl;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.scram.ScramCredentialCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.token.delegation.internals.DelegationTokenCredentialCallback;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import java.util.List;
import java.util.Map;

/**
 * Answers Kafka's {@code ScramSaslServer} with the user's stored credential for one mechanism, so the nonce, proof
 * and iteration checks are kafka-clients' own. Delegation tokens do not exist in Freshet: a token login finds no
 * owner and fails as in Kafka for an unknown token.
 */
final class ScramCallbackHandler implements AuthenticateCallbackHandler {

    private final ScramCredentialStore store;
    private final ScramMechanism mechanism;

    ScramCallbackHandler(ScramCredentialStore store, ScramMechanism mechanism) {
        this.store = store;
        this.mechanism = mechanism;
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> entries) {
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        String username = null;
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                username = name.getDefaultName();
            } else if (callback instanceof DelegationTokenCredentialCallback) {
                continue; // no tokens: the owner stays null
            } else if (callback instanceof ScramCredentialCallback credential) {
                credential.scramCredential(username == null ? null
                    : store.credential(username, mechanism).orElse(null));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void close() {
    }
}
