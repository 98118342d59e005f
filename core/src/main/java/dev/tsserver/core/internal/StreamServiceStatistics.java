package dev.tsserver.core.internal;

import org.apache.mina.core.service.AbstractIoService;
import org.apache.mina.core.service.IoServiceStatistics;

/**
 * Trims MINA's service-wide statistics on a TCP listener to the one figure the server reads
 * from them: bytes read ({@code TsServer.tcpBytesRead}). MINA's {@code IoServiceStatistics}
 * takes one {@code ReentrantLock}, shared by every I/O thread of the listener, for each counter
 * update: a one-message read and its reply took it about six times (bytes read; scheduled
 * bytes and messages up and down, written bytes and messages), and in the line-1k profile the
 * lock's hand-offs between I/O threads showed up as {@code AbstractQueuedSynchronizer.signalNext}.
 * The write-side figures (written and scheduled bytes and messages, last write time), the
 * last read time and the throughput (recomputed under the lock on every message received and
 * sent) are switched off, so only a read still takes the lock; sessions keep their own
 * counters (plain fields and atomics), which is what the server and its close lines use.
 * Switched back to MINA's full statistics with {@code -Dtsserver.tcp.serviceStatistics=true}.
 * Figures: docs/perf/tuning/tcp-compact-chain.md.
 */
public final class StreamServiceStatistics {

    /** System property: {@code true} keeps all of MINA's service statistics on TCP listeners. */
    public static final String KEEP_PROPERTY = "tsserver.tcp.serviceStatistics";

    private StreamServiceStatistics() {
    }

    /** Trims the service's statistics unless {@link #KEEP_PROPERTY} asks to keep them all. */
    public static void apply(AbstractIoService service) {
        if (!Boolean.getBoolean(KEEP_PROPERTY)) {
            trim(service.getStatistics().getConfig());
        }
    }

    static void trim(IoServiceStatistics.Config config) {
        config.setReadBytesCalcEnabled(true);
        config.setLastReadTimeCalcEnabled(false);
        config.setReadMessagesCalcEnabled(false);
        config.setWrittenBytesCalcEnabled(false);
        config.setWrittenMessagesCalcEnabled(false);
        config.setLastWriteTimeCalcEnabled(false);
        config.setScheduledWriteBytesCalcEnabled(false);
        config.setScheduledWriteMessagesCalcEnabled(false);
        // MINA's tail filter calls updateThroughput on every message received and sent, and it
        // takes the lock each time unless the interval is 0; nothing reads the throughput.
        config.setThroughputCalculationInterval(0);
    }
}
