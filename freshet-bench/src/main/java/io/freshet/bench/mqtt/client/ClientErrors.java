package io.freshet.bench.mqtt.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What went wrong on the client side of one case, for the report: a count per kind of trouble (a connection the
 * broker closed, a refused CONNACK, an undecodable packet, a PUBACK for a packet id not in flight...) and the
 * first few details. Written by every event loop thread, read by the harness thread: synchronized, and rare.
 */
public final class ClientErrors {

    private static final int DETAILS_KEPT = 5;

    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<String> details = new ArrayList<>();

    public synchronized void add(String kind, String detail) {
        counts.merge(kind, 1, Integer::sum);
        if (details.size() < DETAILS_KEPT) {
            details.add(kind + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        }
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** "3 x connection closed by the broker; 1 x ..." and the first details; empty when nothing went wrong. */
    public synchronized String summary() {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((kind, n) -> out.append(out.length() == 0 ? "" : "; ").append(n).append(" x ").append(kind));
        out.append(" (first: ").append(String.join(" | ", details)).append(')');
        return out.toString();
    }
}
