package io.freshet.mqtt.session;

/**
 * One topic filter of a SUBSCRIBE with its options; {@code filter} may be {@code $share/GROUP/filter}.
 * {@code retainHandling}: 0 send retained messages, 1 only if the subscription is new, 2 never.
 */
public record SubscriptionRequest(String filter, int qos, boolean noLocal, boolean retainAsPublished,
                                  int retainHandling) {
}
