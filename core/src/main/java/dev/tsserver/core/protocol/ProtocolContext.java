package dev.tsserver.core.protocol;

import java.time.Clock;
import java.util.Objects;

import dev.tsserver.core.ListenerSettings;
import dev.tsserver.core.ServerStats;
import dev.tsserver.core.time.TimestampFormatter;

/**
 * What a protocol's handler is made from: the listener's settings, a timestamp formatter for
 * its time format and zone, the server's clock, and the server's counters.
 */
public final class ProtocolContext {

    private final ListenerSettings listener;
    private final TimestampFormatter timestamps;
    private final Clock clock;
    private final ServerStats stats;

    public ProtocolContext(ListenerSettings listener, Clock clock, ServerStats stats) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.timestamps = new TimestampFormatter(listener.timeFormat(), listener.zone(), clock);
    }

    public ListenerSettings listener() {
        return listener;
    }

    /** Renders the listener's {@code --time-format} in its {@code --zone}, from {@link #clock()}. */
    public TimestampFormatter timestamps() {
        return timestamps;
    }

    public Clock clock() {
        return clock;
    }

    /** The server's counters; a handler counts the replies it sends with {@link ServerStats#messageAnswered()}. */
    public ServerStats stats() {
        return stats;
    }
}
