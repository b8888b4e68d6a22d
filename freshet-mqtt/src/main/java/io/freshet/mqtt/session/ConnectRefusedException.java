package io.freshet.mqtt.session;

import io.freshet.mqtt.message.Outcome;

/** The session layer refuses a CONNECT (say, a will topic that maps to no Kafka topic): CONNACK with this outcome. */
public final class ConnectRefusedException extends RuntimeException {

    private final transient Outcome outcome;

    public ConnectRefusedException(Outcome outcome) {
        super(outcome.reasonString(), null, false, false);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
