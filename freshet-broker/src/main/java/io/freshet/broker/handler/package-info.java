/**
 * One class per Kafka API key, each headed by the versions it serves and what each version adds. Handlers run
 * on the connection's event loop, return futures, put Kafka errors in responses through
 * {@link io.freshet.broker.handler.ErrorMapper}, and never block: disk-touching administration runs on the
 * topic controller thread, durability waits are futures completed by storage's flusher.
 */
package io.freshet.broker.handler;
