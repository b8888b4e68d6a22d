package io.freshet.it;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.kafka.clients.consumer.GroupProtocol;

/**
 * A group member in a JVM of its own, to be killed with SIGKILL: {@link GroupMember} reporting to a file, one
 * {@link ConsumptionLog#format} line per event, flushed before each commit and after it.
 *
 * <p>Arguments: bootstrap, group, topic, protocol (classic|consumer), member name, output file, processing delay ms.
 */
public final class GroupConsumerMain {

    private GroupConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String topic = args[2];
        GroupProtocol protocol = GroupProtocol.of(args[3]);
        String name = args[4];
        Path file = Path.of(args[5]);
        long processingDelayMs = Long.parseLong(args[6]);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            GroupMember.Journal journal = new GroupMember.Journal() {
                @Override
                public void add(ConsumptionLog.Event event) {
                    try {
                        out.write(ConsumptionLog.format(event));
                        out.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void flush() {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            new GroupMember(name, GroupBrokers.consumerConfig(bootstrap, group, protocol, name), topic, journal,
                    processingDelayMs).run();
        }
    }
}
