/**
 * SASL users of the Kafka listener, and through {@link io.freshet.security.auth.UserPasswordCheck} of MQTT and
 * HTTP: PLAIN users from Kafka's JAAS keys, SCRAM credentials in a durable store, and kafka-clients' own SASL
 * servers ({@code PlainSaslServer}, {@code ScramSaslServer}) answered from them.
 */
package io.freshet.security.sasl;
