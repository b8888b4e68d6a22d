package io.freshet.it;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;

/**
 * A share-group member that takes records and never acknowledges them, for {@link ShareGroupMemberKillTest} to kill
 * with SIGKILL while it holds their locks. Arguments: bootstrap, group, topic, max.poll.records. Prints
 * {@code HOLDING v1,v2,...} (the values it holds) once it has records, then waits to be killed.
 */
public final class ShareHolderMain {

    private ShareHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        KafkaShareConsumer<String, String> consumer = ShareGroups.consumer(args[0], args[1], "holder", true,
                Integer.parseInt(args[3]));
        consumer.subscribe(List.of(args[2]));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        while (records.isEmpty()) {
            records = consumer.poll(Duration.ofMillis(200));
        }
        String values = StreamSupport.stream(records.spliterator(), false).map(r -> r.value())
                .collect(Collectors.joining(","));
        System.out.println("HOLDING " + values);
        System.out.flush();
        // No further poll: the consumer's background thread keeps the membership alive, the locks stay held.
        Thread.sleep(Long.MAX_VALUE);
    }
}
