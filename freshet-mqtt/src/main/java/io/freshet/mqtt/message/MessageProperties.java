package io.freshet.mqtt.message;

import java.util.List;

/**
 * The MQTT 5 properties of an application message that Freshet stores with it (as record headers) and forwards.
 * Null fields are absent. {@code messageExpirySeconds}: the interval the publisher gave (the remaining interval is
 * computed from the record timestamp when it is forwarded).
 */
public record MessageProperties(Integer payloadFormatIndicator, Long messageExpirySeconds, String contentType,
                                String responseTopic, byte[] correlationData, List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of());

    public MessageProperties {
        userProperties = List.copyOf(userProperties);
    }

    public record UserProperty(String name, String value) {
    }
}
