package dev.tsserver.core.internal;

import java.util.function.LongSupplier;

import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IoSession;

/**
 * Turns off MINA's service-wide statistics on a UDP listener, and tells when its datagrams have
 * gone quiet without them. MINA's {@code IoServiceStatistics} takes one {@code ReentrantLock}
 * per counter update, and a datagram and its reply update it about ten times (bytes and
 * messages read, scheduled, written; throughput twice); nothing of ours reads those figures
 * (the server counts messages, replies and bytes itself, in {@code ServerStats}). The session's
 * own counters, which are plain atomics, stay on. Switched on again with
 * {@code -Dtsserver.udp.serviceStatistics=true}. Figures: docs/perf/tuning/udp-service-statistics.md.
 */
public final class DatagramServiceStatistics {

    /** Whether UDP listeners keep MINA's service statistics (for comparison runs). */
    public static final boolean KEEP =
            Boolean.parseBoolean(System.getProperty("tsserver.udp.serviceStatistics", "false"));

    private DatagramServiceStatistics() {
    }

    /** Switches the service's statistics off unless {@link #KEEP} asks to keep them. */
    public static void apply(IoService service) {
        if (!KEEP) {
            service.getStatistics().getConfig().setStatisticsCalcEnabled(false);
        }
    }

    /**
     * Whether a UDP listener has gone quiet: what counts its datagrams ({@code datagrams}) has
     * not moved for {@code quietMillis}, and no session has a reply waiting to be written. Poll
     * it; it remembers the last count it saw and when that count changed.
     */
    public static final class QuietWatch {
        private final LongSupplier datagrams;
        private final LongSupplier clockMillis;
        private final long quietMillis;
        private long lastCount;
        private long lastChangeMillis;

        public QuietWatch(LongSupplier datagrams, long quietMillis, LongSupplier clockMillis) {
            this.datagrams = datagrams;
            this.quietMillis = quietMillis;
            this.clockMillis = clockMillis;
            this.lastCount = datagrams.getAsLong();
            this.lastChangeMillis = clockMillis.getAsLong();
        }

        public boolean isQuiet(Iterable<IoSession> sessions) {
            long now = clockMillis.getAsLong();
            long count = datagrams.getAsLong();
            if (count != lastCount) {
                lastCount = count;
                lastChangeMillis = now;
            }
            if (now - lastChangeMillis < quietMillis) {
                return false;
            }
            for (IoSession session : sessions) {
                if (session.getScheduledWriteBytes() > 0 || session.getScheduledWriteMessages() > 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
