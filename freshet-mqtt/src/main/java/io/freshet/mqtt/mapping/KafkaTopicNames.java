package io.freshet.mqtt.mapping;

/**
 * Which Kafka topic names MQTT may reach: Kafka's own rule ({@code [a-zA-Z0-9._-]}, 1 to 249 characters, not
 * {@code .} or {@code ..}) and not an internal topic (a name starting with {@code __}, such as
 * {@code __consumer_offsets} or {@code __mqtt_sessions}).
 */
final class KafkaTopicNames {

    static final int MAX_LENGTH = 249;

    private KafkaTopicNames() {
    }

    static boolean isInternal(String name) {
        return name.startsWith("__");
    }

    /** Why {@code name} is not a Kafka topic MQTT may use, or null if it is one. */
    static String invalidReason(String name) {
        if (name.isEmpty()) {
            return "an empty Kafka topic name";
        }
        if (name.length() > MAX_LENGTH) {
            return "Kafka topic names have at most " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a valid Kafka topic name";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isLegal(name.charAt(i))) {
                return "'" + name + "' is not a valid Kafka topic name (allowed: letters a-z A-Z, digits, '.', '_', '-')";
            }
        }
        if (isInternal(name)) {
            return "'" + name + "' is an internal Kafka topic (starts with __)";
        }
        return null;
    }

    private static boolean isLegal(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
            || c == '-';
    }
}
