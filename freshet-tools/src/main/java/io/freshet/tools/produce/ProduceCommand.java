package io.freshet.tools.produce;

import io.freshet.tools.cli.AdminConnection;
import io.freshet.tools.cli.ClientProperties;
import io.freshet.tools.cli.CommandErrors;
import io.freshet.tools.cli.CommandFailedException;
import io.freshet.tools.cli.ProgressLine;
import io.freshet.tools.cli.ToolCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * {@code freshet produce TOPIC}: each input line becomes a record; every record is acknowledged (flush) before the
 * command ends. Reading stops at the first failed record (a missing topic would otherwise cost the producer's
 * metadata wait once per line); the exit code says whether every record made it.
 */
public final class ProduceCommand implements ToolCommand {

    public static final ProduceCommand TOOL = new ProduceCommand(System::nanoTime);

    /**
     * On a terminal the progress line appears once this many records were read, or after a second with at least
     * {@link #SHOW_AFTER_NANOS_MIN_RECORDS} (someone typing lines gets no progress line between them).
     */
    static final long SHOW_AFTER_RECORDS = 10_000;
    static final long SHOW_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long SHOW_AFTER_NANOS_MIN_RECORDS = 1_000;

    private final LongSupplier nanoClock;

    ProduceCommand(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public String name() {
        return "produce";
    }

    @Override
    public String summary() {
        return "send lines from stdin or a file as records (key separator, headers, acks, compression)";
    }

    @Override
    public int run(List<String> args, InputStream in, PrintWriter out, PrintWriter err, boolean interactive) {
        return CommandErrors.run(name(), out, err, () -> {
            ProduceRequest request = ProduceCommandLine.parse(args);
            if (request == null) {
                out.println(ProduceCommandLine.USAGE);
                return EXIT_OK;
            }
            return produce(request, in, err, interactive);
        });
    }

    private int produce(ProduceRequest request, InputStream in, PrintWriter err, boolean interactive) {
        if (request.file().isPresent() && !Files.isReadable(request.file().get())) { // before asking the broker
            throw new CommandFailedException("Cannot read " + request.file().get() + ": no such file, or not "
                    + "readable");
        }
        checkTopic(request, err);
        LineRecords records = new LineRecords(request);
        DeliveryTally tally = new DeliveryTally();
        ProgressLine progress = new ProgressLine(err, interactive, nanoClock);
        long start = nanoClock.getAsLong();
        long sent = 0;
        try (BufferedReader lines = open(request, in);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        ClientProperties.only(request.producerConfig(), ProducerConfig.configNames()))) {
            for (String line = lines.readLine(); line != null && tally.failed() == 0; line = lines.readLine()) {
                ProducerRecord<byte[], byte[]> record = records.toRecord(line);
                try {
                    producer.send(record, tally.callback(records.size(record)));
                } catch (KafkaException e) { // refused before sending (e.g. serialization, closed)
                    tally.failed(e);
                }
                sent++;
                long elapsed = nanoClock.getAsLong() - start;
                // due() first: formatting the line costs more than a send, so not once per record
                if (progress.due() && showProgress(sent, elapsed)) {
                    progress.show(ProgressLine.rates(tally.acknowledged(), tally.acknowledgedBytes(), elapsed));
                }
            }
            producer.flush();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandFailedException("Cannot read " + e.getFile() + ": no such file");
        } catch (IOException e) {
            throw new CommandFailedException("Cannot read " + request.file().map(Object::toString).orElse("stdin")
                    + ": " + e.getMessage());
        }
        progress.clear();
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        err.printf("produced %d records (%d bytes) to %s in %.2f s%n", tally.acknowledged(),
                tally.acknowledgedBytes(), request.topic(), seconds);
        if (tally.failed() > 0) {
            err.printf("freshet produce: %d of %d records failed (stopped reading at the first failure): %s%n",
                    tally.failed(), sent, CommandErrors.explain(tally.firstError()));
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    private static boolean showProgress(long sent, long elapsedNanos) {
        return sent >= SHOW_AFTER_RECORDS
                || (elapsedNanos >= SHOW_AFTER_NANOS && sent >= SHOW_AFTER_NANOS_MIN_RECORDS);
    }

    /**
     * Fails before reading any input when the topic does not exist and the broker will not create it, or the
     * partition asked for is not one of the topic's.
     */
    private static void checkTopic(ProduceRequest request, PrintWriter err) {
        String topic = request.topic();
        try (AdminConnection admin = AdminConnection.connect(request.producerConfig())) {
            Optional<TopicDescription> description = admin.describeTopic(topic);
            if (description.isEmpty()) {
                if (admin.autoCreatesTopics().orElse(true)) {
                    err.println("freshet produce: topic '" + topic + "' does not exist; the broker creates it with "
                            + "the first record (auto.create.topics.enable)");
                    return;
                }
                throw new CommandFailedException("Topic '" + topic + "' does not exist and the broker does not create "
                        + "topics (auto.create.topics.enable=false): create it first (freshet topic create " + topic
                        + ")");
            }
            int partitions = description.get().partitions().size();
            if (request.partition().isPresent() && request.partition().get() >= partitions) {
                throw new CommandFailedException("Topic '" + topic + "' has " + partitions + " partition"
                        + (partitions == 1 ? "" : "s") + ": no partition " + request.partition().get());
            }
        }
    }

    private static BufferedReader open(ProduceRequest request, InputStream in) throws IOException {
        if (request.file().isPresent()) {
            return Files.newBufferedReader(request.file().get(), StandardCharsets.UTF_8);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
    }
}
