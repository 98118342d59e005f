package dev.tsserver.server.ops;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import org.slf4j.Logger;

/**
 * Builds, in code, the logging configuration the bundled {@code logback.xml} describes, so that
 * a start does not run logback's XML configurator (Joran: a SAX parse, a model, its handlers
 * and their reflection), which was the largest part of the server's start-up garbage
 * (about 6-7 MB of the 17 MB the main thread allocated, and some 400 classes loaded only for
 * it; docs/perf/tuning/tcp-memory.md). Found through logback's {@link Configurator} service.
 *
 * <p>It steps aside, and logback reads XML as before, when the user supplies a configuration
 * ({@code -Dlogback.configurationFile}), when a {@code logback-test.xml} is on the class path,
 * or with {@code -Dtsserver.log.xmlConfig=true} (which reads the bundled {@code logback.xml}).
 * The bundled file stays the reference: {@code ServerLogConfiguratorTest} checks that both give
 * the same appenders, settings, levels and output.
 */
public final class ServerLogConfigurator extends ContextAwareBase implements Configurator {

    /** {@code true}: read the bundled logback.xml instead (for comparison). */
    public static final String XML_SWITCH = "tsserver.log.xmlConfig";
    /** {@code true}: text lines through logback's PatternLayoutEncoder instead of {@link TextLineEncoder}. */
    public static final String PATTERN_LAYOUT_SWITCH = "tsserver.log.patternLayout";
    static final String USER_FILE_PROPERTY = "logback.configurationFile";
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";
    static final int QUEUE_SIZE = 8192;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (stepsAside()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        installStatusListener(context);
        boolean json = "json".equals(System.getProperty(LogSetup.FORMAT_PROPERTY));
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(json ? "json" : "text");
        console.setTarget("System.err");
        console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
        console.start();

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(QUEUE_SIZE);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(console);
        async.start();

        context.getLogger("org.apache.mina").setLevel(Level.WARN);
        // MINA's I/O processor logs every peer reset at ERROR and its TLS handler every failed
        // handshake with a stack trace; the chain logs both in one line (see logback.xml).
        context.getLogger("org.apache.mina.core.service.IoProcessor").setLevel(Level.OFF);
        context.getLogger("org.apache.mina.filter.ssl").setLevel(Level.OFF);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevelName(), Level.DEBUG));
        root.addAppender(async);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean stepsAside() {
        return System.getProperty(USER_FILE_PROPERTY) != null
                || Boolean.getBoolean(XML_SWITCH)
                || ServerLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null;
    }

    /** As logback.xml's {@code ${tsserver.log.level:-${TSSERVER_LOG_LEVEL:-INFO}}}. */
    static String rootLevelName() {
        String level = System.getProperty(LogSetup.LEVEL_PROPERTY);
        if (level == null) {
            level = System.getenv("TSSERVER_LOG_LEVEL");
        }
        return level == null ? "INFO" : level;
    }

    private static void installStatusListener(LoggerContext context) {
        StatusManager statusManager = context.getStatusManager();
        for (StatusListener listener : statusManager.getCopyOfStatusListenerList()) {
            if (listener instanceof ErrorsOnlyStatusListener) {
                return;
            }
        }
        statusManager.add(new ErrorsOnlyStatusListener());
    }

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        if (!Boolean.getBoolean(PATTERN_LAYOUT_SWITCH)) {
            TextLineEncoder encoder = new TextLineEncoder(); // TEXT_PATTERN without PatternLayout
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }
}
