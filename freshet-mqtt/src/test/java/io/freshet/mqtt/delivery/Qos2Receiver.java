package io.freshet.mqtt.delivery;

import io.freshet.mqtt.delivery.RecordingLink.Publish;
import io.freshet.mqtt.delivery.RecordingLink.Pubrel;
import io.freshet.mqtt.delivery.RecordingLink.Sent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an MQTT client hands its application from a sequence of packets, as the spec's QoS 2 receiver does (MQTT 5
 * 4.3.3, method B): a QoS 2 PUBLISH whose packet id it has already received and not yet seen released is a
 * duplicate and not passed on; PUBREL releases the id. So a broker that resends a QoS 2 message under a new packet
 * id makes the application see it twice, and this model shows it.
 */
final class Qos2Receiver {

    private final Set<Integer> unreleased = new HashSet<>();
    private final List<String> application = new ArrayList<>();

    Qos2Receiver receive(List<Sent> packets) {
        for (Sent packet : packets) {
            if (packet instanceof Publish p) {
                if (p.qos() < 2 || unreleased.add(p.packetId())) {
                    application.add(p.payload());
                }
            } else if (packet instanceof Pubrel r) {
                unreleased.remove(r.packetId());
            }
        }
        return this;
    }

    List<String> application() {
        return List.copyOf(application);
    }
}
