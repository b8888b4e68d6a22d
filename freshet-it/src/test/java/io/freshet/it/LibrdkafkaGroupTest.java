package io.freshet.it;

/**
 * Consumer groups from librdkafka 2.0.2 (python3-confluent-kafka through Debian's /usr/bin/python3, scripts in
 * src/test/python): two members sharing a topic, two groups each seeing everything, resuming after committed
 * offsets. The mixed kafkajs + librdkafka + Java group is in {@link KafkajsGroupTest}.
 */
class LibrdkafkaGroupTest extends GroupClientTests {

    LibrdkafkaGroupTest() {
        super(GroupClient.LIBRDKAFKA);
    }
}
