package dev.tsserver.server.ops;

import java.util.Locale;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code --log-format} and {@code --log-level} once the options are known. Logback has
 * configured itself before the command line is parsed, so this sets the two system properties
 * the configuration reads ({@code tsserver.log.format}, {@code tsserver.log.level}) and has
 * logback read its configuration again. A configuration the user supplied with
 * {@code -Dlogback.configurationFile} is the one read again: it wins, and it may use the same
 * two properties if it wants to.
 */
final class LogSetup {

    static final String FORMAT_PROPERTY = "tsserver.log.format";
    static final String LEVEL_PROPERTY = "tsserver.log.level";

    private LogSetup() {
    }

    /**
     * @param levelAtStart the level the configuration resolved when logback started
     *                     ({@code TSSERVER_LOG_LEVEL} or INFO)
     */
    static void apply(OperationsOptions.LogFormat format, String level, String levelAtStart) {
        if (format == OperationsOptions.LogFormat.TEXT && level.equalsIgnoreCase(levelAtStart)) {
            return; // what logback already did
        }
        System.setProperty(FORMAT_PROPERTY, format.name().toLowerCase(Locale.ROOT));
        System.setProperty(LEVEL_PROPERTY, level);
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                System.err.println("tsserver: cannot configure logging again: " + e.getMessage());
            }
        }
    }
}
