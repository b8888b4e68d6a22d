package io.freshet.security.sasl;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.plain.PlainAuthenticateCallback;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import java.io.IOException;
import java.util.Map;

/**
 * The PLAIN users of one JAAS text ({@code PlainLoginModule required user_NAME="password" ...;}), parsed by
 * Kafka's own {@link JaasContext} (never the JVM-wide JAAS configuration) and checked by Kafka's own
 * {@link PlainServerCallbackHandler} (constant-time comparison), so PLAIN means exactly what it means in Kafka.
 */
final class PlainUsers {

    private final PlainServerCallbackHandler handler = new PlainServerCallbackHandler();

    /**
     * @param key where the text comes from, for the error
     * @throws IllegalArgumentException the text is not a JAAS configuration with exactly one login module
     */
    PlainUsers(String key, String jaasText) {
        JaasContext context;
        try {
            // loadServerContext reads the mechanism-prefixed key of the (already listener-stripped) configs.
            context = JaasContext.loadServerContext(new ListenerName("freshet"), PlainSaslServer.PLAIN_MECHANISM,
                Map.of("plain." + SaslSettings.JAAS_CONFIG, new Password(jaasText)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": not a JAAS configuration with one login module ("
                + e.getMessage() + ")", e);
        }
        handler.configure(Map.of(), PlainSaslServer.PLAIN_MECHANISM, context.configurationEntries());
    }

    /** The handler a {@link PlainSaslServer} asks. */
    AuthenticateCallbackHandler handler() {
        return handler;
    }

    boolean check(String username, char[] password) {
        PlainAuthenticateCallback callback = new PlainAuthenticateCallback(password);
        try {
            handler.handle(new Callback[]{new NameCallback("username", username), callback});
        } catch (IOException | javax.security.auth.callback.UnsupportedCallbackException e) {
            return false;
        }
        return callback.authenticated();
    }
}
