package io.freshet.mqtt.mapping;

import io.freshet.mqtt.message.Message;
import io.freshet.mqtt.message.MessageProperties;
import io.freshet.mqtt.message.MessageProperties.UserProperty;
import io.freshet.mqtt.message.TopicFilter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT message's QoS, retain flag and MQTT 5 properties as Kafka record headers, and back: the one encoding both
 * the topics devices publish to and {@code __mqtt_retained} use.
 * <pre>
 *   mqtt.qos              "0" | "1" | "2"          absent (a Kafka producer wrote the record): QoS 2
 *   mqtt.retain           "true" | "false"         absent: false
 *   mqtt.client_id        the publisher's client id (written only)
 *   mqtt.content_type     UTF-8
 *   mqtt.response_topic   UTF-8 (dropped on the way back if it is not a valid topic name)
 *   mqtt.correlation_data the raw bytes
 *   mqtt.payload_format   "0" | "1"
 *   mqtt.message_expiry   seconds, as the publisher gave them (decimal)
 *   NAME                  user property NAME (UTF-8 value), every header not starting with "mqtt."
 *   mqtt.user.NAME        user property NAME when NAME itself starts with "mqtt."
 * </pre>
 * Values are UTF-8 text except correlation data. On the way back a header that is not what its name says (a QoS of
 * "7", a user property value that is not UTF-8 or holds U+0000, as a Kafka producer might write) is left out rather
 * than sent to a client that would have to refuse it. Stateless.
 */
public final class MessageHeaders {

    public static final String QOS = "mqtt.qos";
    public static final String RETAIN = "mqtt.retain";
    public static final String CLIENT_ID = "mqtt.client_id";
    public static final String CONTENT_TYPE = "mqtt.content_type";
    public static final String RESPONSE_TOPIC = "mqtt.response_topic";
    public static final String CORRELATION_DATA = "mqtt.correlation_data";
    public static final String PAYLOAD_FORMAT = "mqtt.payload_format";
    public static final String MESSAGE_EXPIRY = "mqtt.message_expiry";
    /** Only on QoS 2 records of persistent sessions: with {@link #CLIENT_ID}, finds a stored PUBLISH after a crash. */
    public static final String PACKET_ID = "mqtt.packet_id";
    /** Names of user properties that start with "mqtt." get this prefix, so they cannot pose as one of the above. */
    public static final String ESCAPED_USER_PROPERTY = "mqtt.user.";

    private static final String RESERVED = "mqtt.";
    private static final long MAX_EXPIRY_SECONDS = 0xFFFF_FFFFL;

    private MessageHeaders() {
    }

    /** The headers of {@code message}; {@code clientId} may be null (then no {@code mqtt.client_id}). */
    public static List<Header> encode(Message message, String clientId) {
        List<Header> headers = new ArrayList<>();
        add(headers, QOS, Integer.toString(message.qos()));
        add(headers, RETAIN, Boolean.toString(message.retain()));
        add(headers, CLIENT_ID, clientId);
        MessageProperties p = message.properties();
        add(headers, CONTENT_TYPE, p.contentType());
        add(headers, RESPONSE_TOPIC, p.responseTopic());
        if (p.correlationData() != null) {
            headers.add(new RecordHeader(CORRELATION_DATA, p.correlationData().clone()));
        }
        add(headers, PAYLOAD_FORMAT, p.payloadFormatIndicator() == null ? null : p.payloadFormatIndicator().toString());
        add(headers, MESSAGE_EXPIRY, p.messageExpirySeconds() == null ? null : p.messageExpirySeconds().toString());
        for (UserProperty user : p.userProperties()) {
            String name = user.name().startsWith(RESERVED) ? ESCAPED_USER_PROPERTY + user.name() : user.name();
            add(headers, name, user.value());
        }
        return headers;
    }

    /** The message a record with these headers is, under {@code mqttTopic}; {@code payload} null counts as empty. */
    public static Message decode(String mqttTopic, byte[] payload, Iterable<Header> headers) {
        Decoded d = new Decoded();
        for (Header header : headers) {
            d.read(header);
        }
        MessageProperties properties = new MessageProperties(d.payloadFormat, d.messageExpiry, d.contentType,
            d.responseTopic, d.correlationData, d.userProperties);
        return new Message(mqttTopic, payload == null ? new byte[0] : payload, d.qos, d.retain, properties);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** What the headers say so far; the last of two headers of the same name wins, as with Kafka's lastHeader. */
    private static final class Decoded {
        int qos = 2;
        boolean retain;
        Integer payloadFormat;
        Long messageExpiry;
        String contentType;
        String responseTopic;
        byte[] correlationData;
        final List<UserProperty> userProperties = new ArrayList<>();

        void read(Header header) {
            String name = header.key();
            byte[] value = header.value();
            if (name.equals(CORRELATION_DATA)) {
                correlationData = value;
                return;
            }
            String text = mqttString(value);
            if (name.startsWith(ESCAPED_USER_PROPERTY)) {
                userProperty(name.substring(ESCAPED_USER_PROPERTY.length()), text);
            } else if (!name.startsWith(RESERVED)) {
                userProperty(name, text);
            } else if (text != null) {
                readReserved(name, text);
            }
        }

        private void readReserved(String name, String text) {
            switch (name) {
                case QOS -> qos = switch (text) {
                    case "0" -> 0;
                    case "1" -> 1;
                    default -> 2;
                };
                case RETAIN -> retain = text.equals("true");
                case CONTENT_TYPE -> contentType = text;
                case RESPONSE_TOPIC -> responseTopic = TopicFilter.isValidTopicName(text) ? text : null;
                case PAYLOAD_FORMAT -> payloadFormat = text.equals("0") || text.equals("1") ? Integer.valueOf(text) : null;
                case MESSAGE_EXPIRY -> messageExpiry = expiry(text);
                default -> {
                    // mqtt.client_id, and names of later versions: not part of the message
                }
            }
        }

        private void userProperty(String name, String value) {
            if (value != null && name.indexOf('\u0000') < 0) {
                userProperties.add(new UserProperty(name, value));
            }
        }
    }

    private static Long expiry(String text) {
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 0 && seconds <= MAX_EXPIRY_SECONDS ? seconds : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code bytes} as an MQTT UTF-8 string (well-formed, no U+0000), null if they are not one; null bytes: "". */
    static String mqttString(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\u0000') < 0 ? text : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
