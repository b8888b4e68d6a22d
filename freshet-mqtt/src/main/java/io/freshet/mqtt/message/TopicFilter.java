package io.freshet.mqtt.message;

import java.util.Arrays;
import java.util.Optional;

/**
 * An MQTT topic filter (levels separated by {@code /}, {@code +} one level, {@code #} the rest, last level only),
 * possibly a shared subscription {@code $share/GROUP/filter}. Matching follows MQTT 5 4.7: a filter starting with a
 * wildcard does not match topic names starting with {@code $}.
 */
public final class TopicFilter {

    private static final String SHARE_PREFIX = "$share/";

    private final String filter;
    private final String shareGroup;
    private final String[] levels;

    private TopicFilter(String filter, String shareGroup, String[] levels) {
        this.filter = filter;
        this.shareGroup = shareGroup;
        this.levels = levels;
    }

    /** Parses a filter; empty if it is not a valid MQTT topic filter (the reason via {@link #invalidReason}). */
    public static Optional<TopicFilter> parse(String text) {
        return invalidReason(text) == null ? Optional.of(create(text)) : Optional.empty();
    }

    private static TopicFilter create(String text) {
        String group = null;
        String filter = text;
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            group = text.substring(SHARE_PREFIX.length(), slash);
            filter = text.substring(slash + 1);
        }
        return new TopicFilter(filter, group, filter.split("/", -1));
    }

    /** Why {@code text} is not a valid topic filter, or null if it is one. */
    public static String invalidReason(String text) {
        if (text == null || text.isEmpty()) {
            return "empty topic filter";
        }
        if (text.indexOf('\u0000') >= 0) {
            return "topic filter contains U+0000";
        }
        String filter = text;
        if (text.startsWith(SHARE_PREFIX)) {
            int slash = text.indexOf('/', SHARE_PREFIX.length());
            if (slash < 0 || slash == SHARE_PREFIX.length()) {
                return "shared subscription needs $share/GROUP/filter";
            }
            String group = text.substring(SHARE_PREFIX.length(), slash);
            if (group.contains("+") || group.contains("#")) {
                return "share group name may not contain + or #";
            }
            filter = text.substring(slash + 1);
            if (filter.isEmpty()) {
                return "shared subscription has an empty filter";
            }
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "# must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "+ must be a whole level";
            }
        }
        return null;
    }

    /** Whether {@code topicName} is a valid topic name for a PUBLISH: non-empty, no wildcards, no U+0000. */
    public static boolean isValidTopicName(String topicName) {
        return topicName != null && !topicName.isEmpty() && topicName.indexOf('+') < 0 && topicName.indexOf('#') < 0
            && topicName.indexOf('\u0000') < 0;
    }

    public boolean matches(String topicName) {
        String[] topic = topicName.split("/", -1);
        if (topicName.startsWith("$") && (levels[0].equals("+") || levels[0].equals("#"))) {
            return false;
        }
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= topic.length) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topic[i])) {
                return false;
            }
        }
        return topic.length == levels.length;
    }

    /** The filter without the {@code $share/GROUP/} prefix. */
    public String filter() {
        return filter;
    }

    /** The first level of the filter ({@code +} or {@code #} if it is a wildcard). */
    public String firstLevel() {
        return levels[0];
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    /** The share group of a {@code $share/GROUP/filter} subscription, or null. */
    public String shareGroup() {
        return shareGroup;
    }

    /** The filter as the client wrote it (with the {@code $share/GROUP/} prefix if any). */
    @Override
    public String toString() {
        return shareGroup == null ? filter : SHARE_PREFIX + shareGroup + "/" + filter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    int levelCount() {
        return levels.length;
    }

    String[] levels() {
        return Arrays.copyOf(levels, levels.length);
    }
}
