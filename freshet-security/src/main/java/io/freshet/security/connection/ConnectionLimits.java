package io.freshet.security.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka's connection-count limits: {@code max.connections} (all listeners), {@code listener.name.<l>.max.connections}
 * (one listener), {@code max.connections.per.ip} and its {@code max.connections.per.ip.overrides}
 * ({@code host:count,...}, a host name or an address). A connection takes a slot of each when it opens and gives
 * them back when it closes.
 *
 * <p>Threading: called by every event loop as connections open and close; one lock, held for a few map updates.
 */
public final class ConnectionLimits {

    /** Why a connection was refused; {@link #ACCEPTED} when it got its slots. */
    public enum Admission { ACCEPTED, TOO_MANY_FROM_IP, TOO_MANY_ON_LISTENER, TOO_MANY_ON_BROKER }

    public static final String MAX_CONNECTIONS = "max.connections";
    public static final String MAX_CONNECTIONS_PER_IP = "max.connections.per.ip";
    public static final String MAX_CONNECTIONS_PER_IP_OVERRIDES = "max.connections.per.ip.overrides";

    private final int maxConnections;
    private final int maxPerIp;
    private final Map<InetAddress, Integer> perIpOverrides;
    private final Map<String, Integer> perListener;
    private final boolean unlimited;
    private final Map<InetAddress, Integer> countsByIp = new HashMap<>();
    private final Map<String, Integer> countsByListener = new HashMap<>();
    private int total;

    private ConnectionLimits(int maxConnections, int maxPerIp, Map<InetAddress, Integer> perIpOverrides,
                             Map<String, Integer> perListener) {
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
        this.perIpOverrides = Map.copyOf(perIpOverrides);
        this.perListener = Map.copyOf(perListener);
        this.unlimited = maxConnections == Integer.MAX_VALUE && maxPerIp == Integer.MAX_VALUE
            && perIpOverrides.isEmpty() && perListener.isEmpty();
    }

    /** No limits (Kafka's defaults). */
    public static final ConnectionLimits NONE = new ConnectionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Map.of(),
        Map.of());

    /**
     * Reads the limits from Kafka-named properties.
     *
     * @throws IllegalArgumentException a value that is not a non-negative count, or an override host that does not
     *                                  resolve, naming its key
     */
    public static ConnectionLimits from(Map<String, String> props) {
        int max = count(props, MAX_CONNECTIONS, props.get(MAX_CONNECTIONS));
        int perIp = count(props, MAX_CONNECTIONS_PER_IP, props.get(MAX_CONNECTIONS_PER_IP));
        Map<InetAddress, Integer> overrides = new HashMap<>();
        String raw = props.getOrDefault(MAX_CONNECTIONS_PER_IP_OVERRIDES, "").trim();
        if (!raw.isEmpty()) {
            for (String item : raw.split(",")) {
                int colon = item.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException(MAX_CONNECTIONS_PER_IP_OVERRIDES + ": '" + item.trim()
                        + "' is not host:count");
                }
                String host = item.substring(0, colon).trim();
                try {
                    overrides.put(InetAddress.getByName(host),
                        count(props, MAX_CONNECTIONS_PER_IP_OVERRIDES, item.substring(colon + 1)));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(MAX_CONNECTIONS_PER_IP_OVERRIDES + ": unknown host " + host);
                }
            }
        }
        Map<String, Integer> listeners = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith("listener.name.") && key.endsWith("." + MAX_CONNECTIONS)) {
                String listener = key.substring("listener.name.".length(), key.length() - MAX_CONNECTIONS.length() - 1);
                if (!listener.isEmpty() && !listener.contains(".")) {
                    listeners.put(listener.toLowerCase(Locale.ROOT), count(props, key, value));
                }
            }
        });
        return new ConnectionLimits(max, perIp, overrides, listeners);
    }

    private static int count(Map<String, String> props, String key, String value) {
        if (value == null || value.isBlank()) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value.trim() + "' is not a non-negative count");
        }
    }

    /** True when no limit is configured: the network layer then adds nothing to a connection. */
    public boolean unlimited() {
        return unlimited;
    }

    /**
     * Takes a slot for a new connection from {@code address} on {@code listener} (case-insensitive name), or
     * says which limit it is over; a refused connection holds nothing and must not call {@link #release}.
     */
    public synchronized Admission tryAcquire(String listener, InetAddress address) {
        String name = listener.toLowerCase(Locale.ROOT);
        int fromIp = countsByIp.getOrDefault(address, 0);
        if (fromIp >= perIpOverrides.getOrDefault(address, maxPerIp)) {
            return Admission.TOO_MANY_FROM_IP;
        }
        int onListener = countsByListener.getOrDefault(name, 0);
        if (onListener >= perListener.getOrDefault(name, Integer.MAX_VALUE)) {
            return Admission.TOO_MANY_ON_LISTENER;
        }
        if (total >= maxConnections) {
            return Admission.TOO_MANY_ON_BROKER;
        }
        countsByIp.put(address, fromIp + 1);
        countsByListener.put(name, onListener + 1);
        total++;
        return Admission.ACCEPTED;
    }

    /** Gives back the slots of a connection {@link #tryAcquire} accepted. */
    public synchronized void release(String listener, InetAddress address) {
        String name = listener.toLowerCase(Locale.ROOT);
        countsByIp.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        countsByListener.computeIfPresent(name, (l, n) -> n <= 1 ? null : n - 1);
        total = Math.max(0, total - 1);
    }

    /** Connections holding slots now. */
    public synchronized int total() {
        return total;
    }
}
