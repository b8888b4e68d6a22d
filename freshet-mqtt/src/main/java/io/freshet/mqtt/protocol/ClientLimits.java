package io.freshet.mqtt.protocol;

/**
 * What an MQTT 5 client asked of the server in its CONNECT (MQTT 3.1.1 clients get the defaults):
 *
 * @param receiveMaximum     QoS 1 and 2 PUBLISHes it accepts unacknowledged (65535 when not given)
 * @param maximumPacketSize  the largest packet it accepts (no limit but the protocol's when not given)
 * @param topicAliasMaximum  topic aliases it accepts from the server (0: none)
 * @param problemInformation whether reason strings may be sent on packets other than CONNACK, PUBLISH and DISCONNECT
 * @param keepAliveSeconds   the Keep Alive it announced (0: none)
 */
record ClientLimits(int receiveMaximum, long maximumPacketSize, int topicAliasMaximum, boolean problemInformation,
                    int keepAliveSeconds) {

    /** The protocol's largest packet: a 4-byte remaining length of 268,435,455 plus the fixed header. */
    static final long PROTOCOL_MAXIMUM_PACKET_SIZE = 268_435_460L;

    static ClientLimits forMqtt311(int keepAliveSeconds) {
        return new ClientLimits(65535, PROTOCOL_MAXIMUM_PACKET_SIZE, 0, true, keepAliveSeconds);
    }
}
