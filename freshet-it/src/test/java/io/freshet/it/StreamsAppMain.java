package io.freshet.it;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@link EosStreamsTopology} as a real Kafka Streams application (processing.guarantee=exactly_once_v2) in a JVM of
 * its own, to be killed with SIGKILL. It prints {@code STATE <state>} on each state change; if Streams ends up in
 * ERROR or NOT_RUNNING by itself, the process exits with code 1.
 *
 * <p>Arguments: bootstrap, application.id, state.dir, input, alerts, windows and transformed topics.
 */
public final class StreamsAppMain {

    private StreamsAppMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
        props.put(StreamsConfig.STATE_DIR_CONFIG, args[2]);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        // A killed instance's partitions come back to its successor after the session timeout, not Kafka's 45 s.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                GroupBrokers.CLASSIC_SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                GroupBrokers.HEARTBEAT_INTERVAL_MS);
        EosStreamsTopology.Topics topics = new EosStreamsTopology.Topics(args[3], args[4], args[5], args[6]);

        KafkaStreams streams = new KafkaStreams(EosStreamsTopology.build(topics), props);
        streams.setStateListener((now, before) -> {
            System.out.println("STATE " + now);
            System.out.flush();
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                Runtime.getRuntime().halt(1);
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            System.out.println("STREAMS FAILED");
            e.printStackTrace(System.out);
            System.out.flush();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.start();
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
