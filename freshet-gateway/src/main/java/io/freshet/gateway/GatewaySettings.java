package io.freshet.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import java.util.Map;

/**
 * Reads a gateway listener's settings from the broker's properties the same way for every gateway (MQTT, HTTP): one
 * listener {@code SCHEME://HOST:PORT} (port -1: none) and bounded integers, each failure an
 * {@link IllegalArgumentException} that names the key (the server turns it into exit code 2).
 */
public final class GatewaySettings {

    private GatewaySettings() {
    }

    /** A listener's address; {@code port} -1 means there is none, 0 a free port. */
    public record Listener(String host, int port) {
    }

    /**
     * One listener of a gateway's list: {@code name} is its scheme as written, upper case ({@code MQTT}, {@code MQTTS},
     * {@code HTTP}, {@code HTTPS}), also the listener name of its {@code listener.name.<lower case name>.ssl.*} keys;
     * {@code tls} when it is the TLS scheme.
     */
    public record NamedListener(String name, String host, int port, boolean tls) {

        public NamedListener withPort(int newPort) {
            return new NamedListener(name, host, newPort, tls);
        }

        /** {@code NAME://HOST:PORT}. */
        public String uri() {
            return name + "://" + host + ":" + port;
        }
    }

    /**
     * {@code listeners} with the first one moved to {@code newPort}: -1 none at all, and with none yet a plain
     * ({@code plainScheme}) listener on {@code host}.
     */
    public static List<NamedListener> withFirstPort(List<NamedListener> listeners, String plainScheme, String host,
                                                    int newPort) {
        List<NamedListener> moved = new ArrayList<>(listeners);
        if (newPort < 0) {
            moved.clear();
        } else if (moved.isEmpty()) {
            moved.add(new NamedListener(plainScheme, host, newPort, false));
        } else {
            moved.set(0, moved.get(0).withPort(newPort));
        }
        return moved;
    }

    /**
     * The listeners {@code key} names, comma-separated {@code SCHEME://HOST:PORT} with {@code plainScheme} or
     * {@code tlsScheme} (each at most once; an empty host means {@code defaults.host()}), or {@code defaults} (a
     * plain one) when the key is absent or empty. A listener with port -1 is left out.
     */
    public static List<NamedListener> listeners(Map<String, String> props, String key, String plainScheme,
                                                String tlsScheme, Listener defaults) {
        String value = trimmed(props.get(key));
        if (value == null || value.isEmpty()) {
            return defaults.port() < 0 ? List.of()
                : List.of(new NamedListener(plainScheme, defaults.host(), defaults.port(), false));
        }
        List<NamedListener> listeners = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String one : value.split(",")) {
            String text = one.trim();
            int schemeEnd = text.indexOf("://");
            String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toUpperCase(Locale.ROOT);
            int colon = text.lastIndexOf(':');
            if (!(scheme.equals(plainScheme) || scheme.equals(tlsScheme)) || colon < schemeEnd + 3) {
                throw new IllegalArgumentException(key + ": expected " + plainScheme + "://host:port or " + tlsScheme
                    + "://host:port, comma-separated, got '" + value + "'");
            }
            if (!names.add(scheme)) {
                throw new IllegalArgumentException(key + ": " + scheme + " is listed twice in '" + value + "'");
            }
            String host = text.substring(schemeEnd + 3, colon);
            int port = (int) longValue(key, text.substring(colon + 1), -1, 65535);
            if (port >= 0) {
                listeners.add(new NamedListener(scheme, host.isEmpty() ? defaults.host() : host, port,
                    scheme.equals(tlsScheme)));
            }
        }
        return List.copyOf(listeners);
    }

    /**
     * The listener {@code key} names ({@code SCHEME://HOST:PORT}, one only; an empty host means
     * {@code defaults.host()}), or {@code defaults} when the key is absent or empty.
     */
    public static Listener listener(Map<String, String> props, String key, String scheme, Listener defaults) {
        String value = trimmed(props.get(key));
        if (value == null || value.isEmpty()) {
            return defaults;
        }
        String prefix = scheme + "://";
        int colon = value.lastIndexOf(':');
        if (!value.regionMatches(true, 0, prefix, 0, prefix.length()) || value.contains(",")
            || colon < prefix.length()) {
            throw new IllegalArgumentException(key + ": expected " + prefix + "host:port, got '" + value + "'");
        }
        String host = value.substring(prefix.length(), colon);
        return new Listener(host.isEmpty() ? defaults.host() : host,
            (int) longValue(key, value.substring(colon + 1), -1, 65535));
    }

    /** The integer {@code key} holds, within [min, max], or {@code fallback} when it is absent. */
    public static long longValue(Map<String, String> props, String key, long min, long max, long fallback) {
        String value = trimmed(props.get(key));
        return value == null ? fallback : longValue(key, value, min, max);
    }

    /** As {@link #longValue(Map, String, long, long, long)}, for an int setting. */
    public static int intValue(Map<String, String> props, String key, int min, int max, int fallback) {
        return (int) longValue(props, key, min, max, fallback);
    }

    /** The value of {@code key}, trimmed, or {@code fallback} when it is absent. */
    public static String string(Map<String, String> props, String key, String fallback) {
        String value = trimmed(props.get(key));
        return value == null ? fallback : value;
    }

    private static long longValue(String key, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + ": " + parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
