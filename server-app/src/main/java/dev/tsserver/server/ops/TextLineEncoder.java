package dev.tsserver.server.ops;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.util.CachingDateFormatter;

/**
 * The text log line of logback.xml's pattern,
 * {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n} (and, as logback's
 * {@code PatternLayout} adds to a pattern without one, the stack trace of an event's throwable),
 * written without a {@code PatternLayout}: the same bytes, from logback's own date formatter,
 * logger-name abbreviator and throwable converter.
 *
 * <p>Why: {@code PatternLayout}'s class initialisation registers its 66 converters as lambdas
 * (66 classes spun at start, 1.5 MB of start-up garbage with the pattern's parser and compiler),
 * and each line it formats allocates a 256-byte builder, a String and the String's bytes. Here
 * one builder is reused, logger names are abbreviated once, and an ASCII line becomes its bytes
 * in one copy: 627 -> ~130 bytes allocated per connection log line. Switch:
 * {@code -Dtsserver.log.patternLayout=true} uses logback's {@code PatternLayoutEncoder}.
 * {@code ServerLogConfiguratorTest} checks both give the same bytes.
 */
public final class TextLineEncoder extends EncoderBase<ILoggingEvent> {

    static final String DATE_PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";
    static final int LOGGER_LENGTH = 20;
    private static final int LEVEL_WIDTH = 5;
    private static final int MAX_ABBREVIATIONS = 1024;

    private final CachingDateFormatter dates = new CachingDateFormatter(DATE_PATTERN, null, null);
    private final TargetLengthBasedClassNameAbbreviator abbreviator =
            new TargetLengthBasedClassNameAbbreviator(LOGGER_LENGTH);
    /** Abbreviated logger names: a server has a few dozen loggers, abbreviating allocates. */
    private final Map<String, String> abbreviations = new HashMap<>();
    private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();
    /** Only the async appender's one worker encodes; the lock is for any other caller. */
    private final StringBuilder line = new StringBuilder(256);
    private final Charset charset = Charset.defaultCharset();
    private final boolean asciiCompatible = charset.equals(StandardCharsets.UTF_8)
            || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.ISO_8859_1);

    @Override
    public void start() {
        throwables.setContext(getContext());
        throwables.start();
        super.start();
    }

    @Override
    public void stop() {
        throwables.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public synchronized byte[] encode(ILoggingEvent event) {
        StringBuilder out = line;
        out.setLength(0);
        out.append(dates.format(event.getTimeStamp())).append(' ');
        String level = event.getLevel().toString();
        out.append(level);
        for (int i = level.length(); i < LEVEL_WIDTH; i++) {
            out.append(' ');
        }
        out.append(" [").append(event.getThreadName()).append("] ")
                .append(abbreviated(event.getLoggerName())).append(" - ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            out.append(throwables.convert(event));
        }
        byte[] bytes = asciiCompatible ? asciiBytes(out) : null;
        if (bytes == null) {
            bytes = out.toString().getBytes(charset);
        }
        if (out.capacity() > 8192) {
            out.setLength(0);
            out.trimToSize(); // a stack trace does not keep its buffer
        }
        return bytes;
    }

    private String abbreviated(String loggerName) {
        String abbreviation = abbreviations.get(loggerName);
        if (abbreviation == null) {
            abbreviation = abbreviator.abbreviate(loggerName);
            if (abbreviations.size() < MAX_ABBREVIATIONS) {
                abbreviations.put(loggerName, abbreviation);
            }
        }
        return abbreviation;
    }

    /** The bytes of an all-ASCII line (the same in every ASCII-compatible charset), else null. */
    private static byte[] asciiBytes(StringBuilder text) {
        int length = text.length();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }
}
