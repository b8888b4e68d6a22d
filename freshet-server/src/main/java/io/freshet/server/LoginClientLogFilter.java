package io.freshet.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops what kafka-clients logs for the gateway's short-lived password-check clients (client ids
 * {@code freshet-gateway-auth-N}, {@code server/gateway/ClusterLogin}): a wrong MQTT or HTTP password is a refused
 * SASL login there, which the client reports at ERROR, with a stack trace from its metadata manager, for every
 * attempt. {@code ClusterPasswordCheck} and the listeners log the outcome once, in their own words.
 *
 * <p>kafka-clients prefixes each line of a client with {@code [AdminClient clientId=ID] } in the format string
 * itself, so the check is a prefix test, before any formatting. Stateless.
 */
final class LoginClientLogFilter extends TurboFilter {

    private static final String PREFIX = "[AdminClient clientId=freshet-gateway-auth-";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format != null && format.startsWith(PREFIX) && logger.getName().startsWith("org.apache.kafka.")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
