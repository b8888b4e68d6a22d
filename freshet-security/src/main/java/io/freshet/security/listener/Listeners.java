package io.freshet.security.listener;

import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A broker's Kafka listeners as Kafka reads them: {@code listeners} ({@code NAME://host:port,...}), each name mapped
 * to a security protocol by {@code listener.security.protocol.map} (Kafka's default maps each protocol's own name to
 * it), and {@code advertised.listeners}, what Metadata tells a client that came in on a listener.
 *
 * <p>Kafka's rules: names are upper-cased and unique; ports are unique except 0 and except one IPv4 and one IPv6
 * literal sharing one; an IPv6 host is written in brackets; advertised names must be listeners; a listener bound to
 * a wildcard address must be advertised with a host clients can reach. A listener without an advertised entry is
 * advertised as bound. The inter-broker and controller keys ({@link #ACCEPTED_WITHOUT_EFFECT}) are accepted and do
 * nothing: Freshet is one broker (a listener {@code controller.listener.names} names is not opened).
 */
public final class Listeners {

    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    /** Cluster keys of Kafka's: a server.properties written for Kafka keeps them; one broker has no use for them. */
    public static final Set<String> ACCEPTED_WITHOUT_EFFECT = Set.of("inter.broker.listener.name",
            "controller.listener.names", "sasl.mechanism.inter.broker.protocol", "security.inter.broker.protocol");

    /** Kafka's endpoint syntax: NAME://host:port, NAME://[ipv6]:port, NAME://:port. */
    private static final Pattern ENDPOINT = Pattern.compile("^(.*)://\\[?([0-9a-zA-Z\\-%._:]*)\\]?:(-?[0-9]+)");

    private final List<ListenerEndpoint> listeners;
    private final Map<String, ListenerEndpoint> advertised;

    private Listeners(List<ListenerEndpoint> listeners, Map<String, ListenerEndpoint> advertised) {
        this.listeners = List.copyOf(listeners);
        this.advertised = Map.copyOf(advertised);
    }

    /**
     * Parses the three keys.
     *
     * @param listeners      the value of {@code listeners} (required)
     * @param advertised     the value of {@code advertised.listeners}, or null/empty
     * @param protocolMap    the value of {@code listener.security.protocol.map}, or null/empty for Kafka's default
     * @param defaultHost    the host of a listener written without one ({@code PLAINTEXT://:9092})
     * @throws IllegalArgumentException one line beginning with the key at fault
     */
    public static Listeners parse(String listeners, String advertised, String protocolMap, String defaultHost) {
        return parse(listeners, advertised, protocolMap, defaultHost, null);
    }

    /**
     * As {@link #parse(String, String, String, String)}, then leaves out the listeners {@code controller.listener.names}
     * names: a Kafka combined node serves only its controller quorum there, and one Freshet has no quorum, so a
     * server.properties written for a KRaft node starts Freshet without opening a port no client may use.
     *
     * @param controllerNames the value of {@code controller.listener.names}, or null/empty
     */
    public static Listeners parse(String listeners, String advertised, String protocolMap, String defaultHost,
                                  String controllerNames) {
        Listeners all = parseAll(listeners, advertised, protocolMap, defaultHost);
        if (controllerNames == null || controllerNames.isBlank()) {
            return all;
        }
        Set<String> controllers = java.util.Arrays.stream(controllerNames.split(","))
                .map(n -> n.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ListenerEndpoint> clients = all.listeners.stream().filter(l -> !controllers.contains(l.name())).toList();
        if (clients.isEmpty()) {
            throw new IllegalArgumentException(LISTENERS + ": every listener is a controller listener "
                    + "(controller.listener.names=" + controllerNames + "); clients need one more");
        }
        Map<String, ListenerEndpoint> adv = new LinkedHashMap<>(all.advertised);
        adv.keySet().removeAll(controllers);
        return new Listeners(clients, adv);
    }

    private static Listeners parseAll(String listeners, String advertised, String protocolMap, String defaultHost) {
        Map<String, SecurityProtocol> protocols = protocolMap(protocolMap);
        if (listeners == null || listeners.isBlank()) {
            throw new IllegalArgumentException(LISTENERS + ": must name at least one listener, e.g. PLAINTEXT://"
                    + defaultHost + ":9092");
        }
        List<ListenerEndpoint> bound = endpoints(LISTENERS, listeners, protocols, defaultHost, 0);
        uniquePorts(bound, listeners);
        Map<String, ListenerEndpoint> adv = new LinkedHashMap<>();
        if (advertised != null && !advertised.isBlank()) {
            Set<String> names = bound.stream().map(ListenerEndpoint::name).collect(Collectors.toSet());
            for (ListenerEndpoint a : endpoints(ADVERTISED_LISTENERS, advertised, protocols, null, 1)) {
                if (!names.contains(a.name())) {
                    throw new IllegalArgumentException(ADVERTISED_LISTENERS + ": listener " + a.name()
                            + " is not in listeners (" + String.join(", ", names) + ")");
                }
                ListenerEndpoint b = bound.stream().filter(l -> l.name().equals(a.name())).findFirst().orElseThrow();
                String host = a.host().isEmpty() ? b.host() : a.host();
                if (isWildcard(host)) {
                    throw new IllegalArgumentException(ADVERTISED_LISTENERS + ": cannot advertise the wildcard address "
                            + host + " (listener " + a.name() + "); name a host clients can connect to");
                }
                adv.put(a.name(), new ListenerEndpoint(a.name(), a.protocol(), host, a.port()));
            }
        }
        for (ListenerEndpoint b : bound) {
            if (isWildcard(b.host()) && !adv.containsKey(b.name())) {
                throw new IllegalArgumentException(ADVERTISED_LISTENERS + ": must be set for listener " + b.name()
                        + " when binding to the wildcard address " + b.host()
                        + ", so clients know which host to connect to");
            }
        }
        return new Listeners(bound, adv);
    }

    /** The listeners in the order written; the first one is the broker's "port". */
    public List<ListenerEndpoint> listeners() {
        return listeners;
    }

    public ListenerEndpoint first() {
        return listeners.get(0);
    }

    public Optional<ListenerEndpoint> listener(String name) {
        String normalised = name.toUpperCase(Locale.ROOT);
        return listeners.stream().filter(l -> l.name().equals(normalised)).findFirst();
    }

    /** What {@code advertised.listeners} says for this listener, if it names it. */
    public Optional<ListenerEndpoint> advertised(String name) {
        return Optional.ofNullable(advertised.get(name.toUpperCase(Locale.ROOT)));
    }

    /** Every listener as written back in {@code listeners} syntax. */
    @Override
    public String toString() {
        return listeners.stream().map(ListenerEndpoint::toString).collect(Collectors.joining(","));
    }

    /** Kafka's default map when the key is absent: every protocol's own name. The key, when given, replaces it. */
    static Map<String, SecurityProtocol> protocolMap(String value) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            for (SecurityProtocol p : SecurityProtocol.values()) {
                map.put(ListenerName.forSecurityProtocol(p).value(), p);
            }
            return map;
        }
        for (String entry : value.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException(SECURITY_PROTOCOL_MAP + ": expected NAME:PROTOCOL, got '" + e + "'");
            }
            String name = ListenerName.normalised(e.substring(0, colon).trim()).value();
            String protocol = e.substring(colon + 1).trim();
            SecurityProtocol p;
            try {
                p = SecurityProtocol.forName(protocol);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(SECURITY_PROTOCOL_MAP + ": unknown security protocol '" + protocol
                        + "' for " + name + " (known: " + Arrays.toString(SecurityProtocol.values()) + ")");
            }
            if (map.put(name, p) != null) {
                throw new IllegalArgumentException(SECURITY_PROTOCOL_MAP + ": " + name + " is mapped twice");
            }
        }
        return map;
    }

    private static List<ListenerEndpoint> endpoints(String key, String value, Map<String, SecurityProtocol> protocols,
                                                    String defaultHost, int minPort) {
        List<ListenerEndpoint> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String part : value.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            Matcher m = ENDPOINT.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(key + ": cannot parse '" + text + "', expected NAME://host:port "
                        + "(e.g. PLAINTEXT://127.0.0.1:9092, SSL://[::1]:9093)");
            }
            String name = m.group(1).toUpperCase(Locale.ROOT);
            SecurityProtocol protocol = protocols.get(name);
            if (protocol == null) {
                throw new IllegalArgumentException(key + ": no security protocol for listener " + name + " (set "
                        + SECURITY_PROTOCOL_MAP + ", e.g. " + name + ":SSL; mapped: "
                        + String.join(", ", protocols.keySet()) + ")");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(key + ": each listener must have a different name, " + name
                        + " appears twice in '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < minPort || port > 65_535) {
                throw new IllegalArgumentException(key + ": port " + m.group(3) + " of " + name
                        + " is out of range [" + minPort + ", 65535]");
            }
            String host = m.group(2);
            if (host.isEmpty() && defaultHost != null) {
                host = defaultHost;
            }
            result.add(new ListenerEndpoint(name, protocol, host, port));
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException(key + ": no listener in '" + value + "'");
        }
        return result;
    }

    /** Kafka's rule: one port per listener, except port 0 and one IPv4 + one IPv6 literal on the same port. */
    private static void uniquePorts(List<ListenerEndpoint> bound, String value) {
        Map<Integer, List<ListenerEndpoint>> byPort = bound.stream().filter(l -> l.port() != 0)
                .collect(Collectors.groupingBy(ListenerEndpoint::port));
        for (Map.Entry<Integer, List<ListenerEndpoint>> e : byPort.entrySet()) {
            List<ListenerEndpoint> same = e.getValue();
            if (same.size() == 1) {
                continue;
            }
            boolean dualStack = same.size() == 2
                    && (isIpv4(same.get(0).host()) && isIpv6(same.get(1).host())
                    || isIpv6(same.get(0).host()) && isIpv4(same.get(1).host()));
            if (!dualStack) {
                throw new IllegalArgumentException(LISTENERS + ": each listener must have a different port (unless "
                        + "exactly one has an IPv4 and the other an IPv6 address), port " + e.getKey() + " in '"
                        + value + "'");
            }
        }
    }

    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static boolean isIpv4(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean isIpv6(String host) {
        return host.contains(":") && host.matches("[0-9a-fA-F:.%a-zA-Z0-9]+");
    }
}
