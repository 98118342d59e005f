package dev.tsserver.server.ops;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own status messages, errors only, one line each on stderr. Registered by
 * {@link ServerLogConfigurator} and by the bundled {@code logback.xml}: one of its two appenders (text, json) is always unused, and
 * without a listener logback answers that warning by printing its whole status log.
 */
public final class ErrorsOnlyStatusListener implements StatusListener {

    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.ERROR) {
            System.err.println("logback: " + status.getMessage()
                    + (status.getThrowable() != null ? ": " + status.getThrowable() : ""));
        }
    }
}
