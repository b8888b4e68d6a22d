package io.freshet.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The runnable broker's logging: one console line per event ({@code 12:00:00.000 INFO  FreshetBroker - ...}),
 * INFO for {@code io.freshet} (or {@code -Dfreshet.log.level}), WARN for everything else (Netty, kafka-clients).
 *
 * <p>Design note: this is code, not a logback.xml, for two reasons. Parsing XML added about 110 ms to a
 * start-up of a few hundred. And a logback.xml inside freshet-server would take over the logging of every test
 * or application that has the server (through the testkit) on its classpath. Logback finds this class through
 * {@code META-INF/services}, but it acts only when {@link Main} has set {@value #ENABLE_PROPERTY}, so everyone
 * else keeps logback's usual behaviour. {@code -Dlogback.configurationFile=FILE} replaces it entirely.
 *
 * <p>For a client-side command ({@value #TOOL}: {@code freshet groups}, {@code freshet sql}) stdout belongs to the
 * command's output: warnings only, on stderr, and none from the Admin client's connection attempts, which the
 * command reports itself.
 *
 * <p>In console mode the log lines of {@code freshet gateway}'s password-check clients are dropped
 * ({@link LoginClientLogFilter}: a wrong password would be an ERROR with a stack trace from kafka-clients).
 *
 * <p>In both modes two Kafka Streams loggers are quieter: its warning with a stack trace for each record a SQL
 * query skips (the SQL engine's {@code MalformedRecordHandler} already logs one line per record), and StreamsConfig's
 * advice about settings, which the SQL engine chooses itself (users never write a Streams config), logged at every
 * query start.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    static final String ENABLE_PROPERTY = "freshet.logging";
    static final String LEVEL_PROPERTY = "freshet.log.level";
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String TOOL = "tool";
    static final String TOOL_PATTERN = "%level %logger{0}: %msg%n";
    private static final String STREAMS_RECORD_DESERIALIZER =
        "org.apache.kafka.streams.processor.internals.RecordDeserializer";
    private static final String STREAMS_CONFIG = "org.apache.kafka.streams.StreamsConfig";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String mode = System.getProperty(ENABLE_PROPERTY);
        if (TOOL.equals(mode)) {
            Logger root = rootWithConsole(context, TOOL_PATTERN, "System.err");
            root.setLevel(Level.WARN);
            // "Connection to node -1 could not be established", once per retry: the tool says it once, clearly.
            // A refused SASL authentication: the client logs it at ERROR and again with a stack trace from the
            // metadata manager; the tool's own "SASL_AUTHENTICATION_FAILED: ..." line says it once.
            context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.OFF);
            context.getLogger("org.apache.kafka.clients.admin.internals.AdminMetadataManager").setLevel(Level.OFF);
            quietStreams(context);
            context.getLogger("io.freshet").setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
        if (!"console".equals(mode)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = rootWithConsole(context, PATTERN, "System.out");
        root.setLevel(Level.WARN);
        quietStreams(context);
        LoginClientLogFilter logins = new LoginClientLogFilter();
        logins.setContext(context);
        logins.start();
        context.addTurboFilter(logins);
        context.getLogger("io.freshet").setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static void quietStreams(LoggerContext context) {
        context.getLogger(STREAMS_RECORD_DESERIALIZER).setLevel(Level.ERROR);
        context.getLogger(STREAMS_CONFIG).setLevel(Level.ERROR);
    }

    private static Logger rootWithConsole(LoggerContext context, String pattern, String target) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        return root;
    }
}
