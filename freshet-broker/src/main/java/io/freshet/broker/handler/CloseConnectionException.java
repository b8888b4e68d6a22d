package io.freshet.broker.handler;

/**
 * Asks the network layer to close the connection instead of answering, as Kafka does when a client must notice
 * a failure it will never get a response for (an error on an acks=0 produce).
 */
public final class CloseConnectionException extends RuntimeException {

    public CloseConnectionException(String message) {
        super(message, null, false, false);
    }
}
