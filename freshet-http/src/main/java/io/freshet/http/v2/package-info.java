/**
 * REST v2, as Confluent's REST Proxy and Redpanda's HTTP Proxy serve it: topic metadata ({@code TopicsV2Api}),
 * produce ({@code ProduceV2Api}: through the EventLog, answered once durable) and consumer instances
 * ({@code ConsumersApi}).
 *
 * <pre>
 *   GET/POST /topics...  --event loop--> EventLog (appends, metadata)
 *   /consumers/...       --event loop: parse--> ConsumerInstances --SerialExecutor on http-consumer-N-->
 *                        KafkaConsumer --Kafka protocol--> the Kafka listener (this broker, or a cluster)
 * </pre>
 * A consumer instance is a real Kafka consumer (kafka-clients), a member of its group like any other: that is
 * what lets a REST client and Kafka clients share a group's partitions, here and in front of a Kafka cluster.
 */
package io.freshet.http.v2;
