package dev.tsserver.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.StatusListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.KeyValuePair;

/**
 * The logging configuration built in code is the one the bundled {@code logback.xml} describes:
 * same appenders and settings, same logger levels, byte-identical lines in both formats; and it
 * steps aside for a user's file and for the XML switch.
 */
class ServerLogConfiguratorTest {

    private static final String[] PROPERTIES = {LogSetup.FORMAT_PROPERTY, LogSetup.LEVEL_PROPERTY,
            ServerLogConfigurator.USER_FILE_PROPERTY, ServerLogConfigurator.XML_SWITCH};
    private final String[] saved = new String[PROPERTIES.length];
    /** One throwable for every sample event, so that both configurations print the same trace. */
    private static final Throwable BOOM = new IllegalStateException("boom", new java.io.IOException("cause"));

    ServerLogConfiguratorTest() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            saved[i] = System.getProperty(PROPERTIES[i]);
        }
    }

    @AfterEach
    void restoreProperties() {
        for (int i = 0; i < PROPERTIES.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(PROPERTIES[i]);
            } else {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
    }

    @Test
    void isTheConfiguratorLogbackFinds() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(Configurator.class).forEach(c -> found.add(c.getClass().getName()));
        assertEquals(List.of(ServerLogConfigurator.class.getName()), found);
    }

    @Test
    void textAtTheDefaultLevelMatchesLogbackXml() throws Exception {
        System.clearProperty(LogSetup.FORMAT_PROPERTY);
        System.clearProperty(LogSetup.LEVEL_PROPERTY);
        assertSameAsXml("text");
    }

    @Test
    void jsonAtDebugMatchesLogbackXml() throws Exception {
        System.setProperty(LogSetup.FORMAT_PROPERTY, "json");
        System.setProperty(LogSetup.LEVEL_PROPERTY, "DEBUG");
        assertSameAsXml("json");
    }

    @Test
    void textAtWarnAndAnUnknownLevelMatchLogbackXml() throws Exception {
        System.setProperty(LogSetup.FORMAT_PROPERTY, "text");
        System.setProperty(LogSetup.LEVEL_PROPERTY, "warn");
        assertSameAsXml("text");
        System.setProperty(LogSetup.LEVEL_PROPERTY, "LOUD");
        assertSameAsXml("text");
    }

    @Test
    void textThroughPatternLayoutWhenSwitchedMatchesLogbackXml() throws Exception {
        System.setProperty(LogSetup.FORMAT_PROPERTY, "text");
        System.setProperty(ServerLogConfigurator.PATTERN_LAYOUT_SWITCH, "true");
        try {
            assertSameAsXml("text");
            LoggerContext context = newContext();
            configureInCode(context);
            assertTrue(describe(context).contains("text pattern="));
        } finally {
            System.clearProperty(ServerLogConfigurator.PATTERN_LAYOUT_SWITCH);
        }
    }

    @Test
    void textLineEncoderWritesWhatPatternLayoutWrites() {
        LoggerContext context = newContext();
        PatternLayoutEncoder reference = new PatternLayoutEncoder();
        reference.setContext(context);
        reference.setPattern(ServerLogConfigurator.TEXT_PATTERN);
        reference.start();
        TextLineEncoder ours = new TextLineEncoder();
        ours.setContext(context);
        ours.start();
        List<ILoggingEvent> events = new ArrayList<>(sampleEvents(context));
        StringBuilder longMessage = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            longMessage.append("0123456789");
        }
        events.add(new LoggingEvent("x", context.getLogger("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.Q"), Level.TRACE,
                longMessage.toString(), null, null));
        for (ILoggingEvent event : events) {
            assertEquals(new String(reference.encode(event), StandardCharsets.UTF_8),
                    new String(ours.encode(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stepsAsideForAUserFileAndForTheXmlSwitch() {
        System.setProperty(ServerLogConfigurator.USER_FILE_PROPERTY, "/nonexistent/mine.xml");
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configureInCode(newContext()));
        System.clearProperty(ServerLogConfigurator.USER_FILE_PROPERTY);
        System.setProperty(ServerLogConfigurator.XML_SWITCH, "true");
        LoggerContext untouched = newContext();
        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configureInCode(untouched));
        assertTrue(!untouched.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(),
                "nothing configured when stepping aside");
        System.clearProperty(ServerLogConfigurator.XML_SWITCH);
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configureInCode(newContext()));
    }

    @Test
    void configuringAgainAddsNoSecondStatusListener() {
        LoggerContext context = newContext();
        configureInCode(context);
        context.reset();
        configureInCode(context);
        long listeners = context.getStatusManager().getCopyOfStatusListenerList().stream()
                .filter(l -> l instanceof ErrorsOnlyStatusListener).count();
        assertEquals(1, listeners);
    }

    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static ExecutionStatus configureInCode(LoggerContext context) {
        ServerLogConfigurator configurator = new ServerLogConfigurator();
        configurator.setContext(context);
        return configurator.configure(context);
    }

    private static void assertSameAsXml(String expectedAppender) throws Exception {
        LoggerContext fromXml = newContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(fromXml);
        URL xml = ServerLogConfigurator.class.getClassLoader().getResource("logback.xml");
        joran.doConfigure(xml);
        LoggerContext inCode = newContext();
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configureInCode(inCode));
        try {
            String described = describe(inCode);
            assertEquals(describe(fromXml), described);
            assertTrue(described.contains("ConsoleAppender(" + expectedAppender + ")"), described);
        } finally {
            fromXml.stop();
            inCode.stop();
        }
    }

    /** Everything the configuration decides, and the bytes of three lines written through it. */
    private static String describe(LoggerContext context) {
        StringBuilder out = new StringBuilder();
        for (StatusListener listener : context.getStatusManager().getCopyOfStatusListenerList()) {
            out.append("status listener ").append(listener.getClass().getName()).append('\n');
        }
        for (String name : new String[] {Logger.ROOT_LOGGER_NAME, "org.apache.mina",
                "org.apache.mina.core.service.IoProcessor", "org.apache.mina.filter.ssl", "dev.tsserver.core"}) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            out.append(name).append(" level=").append(logger.getLevel())
                    .append(" effective=").append(logger.getEffectiveLevel())
                    .append(" additive=").append(logger.isAdditive()).append('\n');
            if (!name.equals(Logger.ROOT_LOGGER_NAME)) {
                assertTrue(!logger.iteratorForAppenders().hasNext(), name + " has no appender of its own");
            }
        }
        Iterator<Appender<ILoggingEvent>> rootAppenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (rootAppenders.hasNext()) {
            Appender<ILoggingEvent> appender = rootAppenders.next();
            out.append(appender.getClass().getSimpleName()).append('(').append(appender.getName()).append(')')
                    .append(" started=").append(appender.isStarted()).append('\n');
            if (appender instanceof AsyncAppender async) {
                out.append("  queueSize=").append(async.getQueueSize())
                        .append(" discardingThreshold=").append(async.getDiscardingThreshold())
                        .append(" neverBlock=").append(async.isNeverBlock())
                        .append(" maxFlushTime=").append(async.getMaxFlushTime())
                        .append(" includeCallerData=").append(async.isIncludeCallerData()).append('\n');
                Iterator<Appender<ILoggingEvent>> attached = async.iteratorForAppenders();
                while (attached.hasNext()) {
                    describeOutput(out, attached.next());
                }
            }
        }
        return out.toString();
    }

    private static void describeOutput(StringBuilder out, Appender<ILoggingEvent> appender) {
        out.append("  ").append(appender.getClass().getSimpleName()).append('(').append(appender.getName())
                .append(") started=").append(appender.isStarted());
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            out.append(" target=").append(console.getTarget());
        }
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
            // the pattern either encoder writes: logback's PatternLayoutEncoder or TextLineEncoder
            if (stream.getEncoder() instanceof PatternLayoutEncoder pattern) {
                out.append(" text pattern=").append(pattern.getPattern());
            } else if (stream.getEncoder() instanceof TextLineEncoder) {
                out.append(" text pattern=").append(ServerLogConfigurator.TEXT_PATTERN);
            } else {
                out.append(" encoder=").append(stream.getEncoder().getClass().getName());
            }
            out.append('\n');
            for (ILoggingEvent event : sampleEvents(appender.getContext())) {
                out.append("  line: ").append(new String(stream.getEncoder().encode(event), StandardCharsets.UTF_8));
            }
        }
        out.append('\n');
    }

    private static List<ILoggingEvent> sampleEvents(ch.qos.logback.core.Context context) {
        LoggerContext loggerContext = (LoggerContext) context;
        LoggingEvent opened = new LoggingEvent(ServerLogConfiguratorTest.class.getName(),
                loggerContext.getLogger("dev.tsserver.core.chain.ConnectionLogFilter"), Level.INFO,
                "connected from: {}", null, new Object[] {"127.0.0.1:40000"});
        LoggingEvent closed = new LoggingEvent(ServerLogConfiguratorTest.class.getName(),
                loggerContext.getLogger("dev.tsserver.core.internal.CountingHandler"), Level.INFO,
                "closed {} \"quoted\"", null, new Object[] {"127.0.0.1:40000"});
        closed.addKeyValuePair(new KeyValuePair("peer", "127.0.0.1:40000"));
        closed.addKeyValuePair(new KeyValuePair("messages", 3L));
        LoggingEvent warning = new LoggingEvent(ServerLogConfiguratorTest.class.getName(),
                loggerContext.getLogger("org.apache.mina.core.session.SomethingLong"), Level.WARN,
                "plain", null, null);
        LoggingEvent failed = new LoggingEvent(ServerLogConfiguratorTest.class.getName(),
                loggerContext.getLogger("dev.tsserver.core.chain.HandlerSideFilter"), Level.ERROR,
                "failed: {} {}", BOOM,
                new Object[] {null, "caf\u00e9"});
        LoggingEvent debug = new LoggingEvent(ServerLogConfiguratorTest.class.getName(),
                loggerContext.getLogger("x"), Level.DEBUG, null, null, null);
        List<ILoggingEvent> events = List.of(opened, closed, warning, failed, debug);
        for (ILoggingEvent event : events) {
            LoggingEvent e = (LoggingEvent) event;
            e.setInstant(Instant.parse("2026-11-30T09:00:01.234Z"));
            e.setThreadName("NioProcessor-1");
        }
        return events;
    }
}
