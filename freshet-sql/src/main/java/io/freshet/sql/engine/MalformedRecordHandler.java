package io.freshet.sql.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for an input record a query cannot read (bad JSON, a wrong type, a wrong column count):
 * the record is skipped, counted per query ({@link #count}), and logged in one line: {@code query CSAS_HOT_3
 * skipped a malformed record at readings/0/17: ...}. With the session property {@value #ERROR_TOPIC} the record
 * also goes, unchanged, to that topic, in the query's transaction, with headers saying why and where it came from.
 * Lines are limited to {@value #LINES_PER_SECOND} a second per query (a flood of bad input must not flood the
 * log); the counter counts every one.
 */
public final class MalformedRecordHandler implements DeserializationExceptionHandler {

    /** Session property: the topic a query sends the input records it could not read to. */
    public static final String ERROR_TOPIC = "freshet.sql.error.topic";
    /** application.id -> the query's id and error topic: Kafka Streams builds the handler by class name, and
     *  a key of our own in its config would be logged as unknown. */
    private static final Map<String, String[]> SETTINGS = new ConcurrentHashMap<>();
    private static final int LINES_PER_SECOND = 10;
    private static final Logger LOG = LoggerFactory.getLogger(MalformedRecordHandler.class);
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private String queryId = "?";
    private String errorTopic;
    private long windowStartMs;
    private int linesInWindow;
    private long suppressed;

    /** Records skipped so far by the query in this process. */
    static long count(String queryId) {
        AtomicLong n = COUNTS.get(queryId);
        return n == null ? 0 : n.get();
    }

    static void forget(String queryId) {
        COUNTS.remove(queryId);
    }

    /** Called before the query's KafkaStreams is built. */
    static void register(String applicationId, String queryId, String errorTopic) {
        SETTINGS.put(applicationId, new String[] {queryId, errorTopic});
    }

    static void unregister(String applicationId) {
        SETTINGS.remove(applicationId);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        String[] settings = SETTINGS.get(String.valueOf(configs.get("application.id")));
        queryId = settings == null ? String.valueOf(configs.get("application.id")) : settings[0];
        errorTopic = settings == null || settings[1] == null || settings[1].isBlank() ? null : settings[1];
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        COUNTS.computeIfAbsent(queryId, k -> new AtomicLong()).incrementAndGet();
        String reason = reason(exception);
        log(record, reason);
        if (errorTopic == null) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("freshet.sql.error", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("freshet.sql.query.id", queryId.getBytes(StandardCharsets.UTF_8));
        headers.add("freshet.sql.source", (record.topic() + "/" + record.partition() + "/" + record.offset())
            .getBytes(StandardCharsets.UTF_8));
        return Response.resume(List.of(new ProducerRecord<>(errorTopic, null, record.timestamp(), record.key(),
            record.value(), headers)));
    }

    private synchronized void log(ConsumerRecord<byte[], byte[]> record, String reason) {
        long now = System.currentTimeMillis();
        if (now - windowStartMs >= 1000) {
            windowStartMs = now;
            linesInWindow = 0;
        }
        if (linesInWindow++ >= LINES_PER_SECOND) {
            suppressed++;
            return;
        }
        String more = suppressed > 0 ? " (" + suppressed + " more not logged)" : "";
        suppressed = 0;
        LOG.warn("query {} skipped a malformed record at {}/{}/{}: {}{}", queryId, record.topic(), record.partition(),
            record.offset(), reason, more);
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return message.replace('\n', ' ');
    }
}
