package dev.tsserver.core;

import dev.tsserver.core.chain.ConnectionLimitFilter;
import dev.tsserver.core.chain.ConnectionLogFilter;
import dev.tsserver.core.chain.DrainCompletionFilter;
import dev.tsserver.core.chain.DrainRequestFilter;
import dev.tsserver.core.chain.IdleCloseFilter;
import dev.tsserver.core.chain.MessageTallyFilter;
import dev.tsserver.core.chain.ProtocolErrorFilter;
import dev.tsserver.core.chain.ReplyBatchFilter;
import dev.tsserver.core.chain.TrafficCountingFilter;
import dev.tsserver.core.chain.WriteBackpressureFilter;
import dev.tsserver.core.reads.ReadCountingFilter;
import dev.tsserver.core.reads.ReadLedger;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.executor.ExecutorFilter;

/**
 * The one place where the filter chains are put together. Stream (TCP) order, socket side
 * first:
 *
 * <pre>
 *   [read-counting] -> traffic -> limit -> log -> idle -> drain-request -> backpressure -> [reply-batch]
 *         -> codec -> [executor] -> errors -> drain-complete -> tally -> handler
 * </pre>
 *
 * Traffic (bytes in and out) counts on the socket side; the tally (messages, replies, the
 * close log line) next to the handler, so it sees what the handler saw.
 *
 * Read counting is there only when the server is built with {@code countReads(true)}.
 *
 * The connection limit comes first so a refused connection reaches nothing else. Backpressure
 * sits below the codec to count encoded bytes. Error handling and the drain's far end sit
 * behind the executor, so error replies and the final close are ordered with the messages.
 * The reply batch ({@link ReplyBatchFilter}: one write per read instead of one per reply) is
 * there only when the built-in handler runs on the I/O threads (no executor), the case it was
 * measured and made for.
 */
final class FilterChains {

    static final String CONNECTION_LIMIT = "connection-limit";
    static final String LOGGING = "logging";
    static final String IDLE = "idle-close";
    static final String DRAIN_REQUEST = "drain-request";
    static final String BACKPRESSURE = "backpressure";
    static final String REPLY_BATCH = "reply-batch";
    static final String CODEC = "codec";
    static final String EXECUTOR = "executor";
    static final String ERRORS = "protocol-errors";
    static final String DRAIN_COMPLETE = "drain-complete";
    static final String READ_COUNTING = "read-counting";
    static final String TRAFFIC = "traffic";
    static final String TALLY = "tally";
    /** Listener names in the metrics until listeners get names of their own. */
    static final String TCP_LISTENER = "tcp";
    static final String UDP_LISTENER = "udp";

    /**
     * Replies to one read are sent in batches of up to this many bytes: about the size of a
     * socket send buffer, so one batch rarely needs more than one write.
     */
    static final int MAX_REPLY_BATCH_BYTES = 64 * 1024;

    private FilterChains() {
    }

    static DefaultIoFilterChainBuilder stream(TsServerConfig config, ProtocolCodecFactory codec,
                                              ExecutorFilter executor, ServerStats stats) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        chain.addLast(TRAFFIC, new TrafficCountingFilter(stats));
        chain.addLast(CONNECTION_LIMIT, new ConnectionLimitFilter(config.maxConnections(), stats));
        chain.addLast(LOGGING, new ConnectionLogFilter());
        chain.addLast(IDLE, new IdleCloseFilter());
        chain.addLast(DRAIN_REQUEST, new DrainRequestFilter());
        chain.addLast(BACKPRESSURE,
                new WriteBackpressureFilter(config.writeLowWaterMark(), config.writeHighWaterMark()));
        if (executor == null && config.customHandler().isEmpty()) {
            chain.addLast(REPLY_BATCH, new ReplyBatchFilter(MAX_REPLY_BATCH_BYTES));
        }
        chain.addLast(CODEC, new ProtocolCodecFilter(codec));
        if (executor != null) {
            chain.addLast(EXECUTOR, executor);
        }
        chain.addLast(ERRORS, new ProtocolErrorFilter(stats));
        chain.addLast(DRAIN_COMPLETE, new DrainCompletionFilter());
        chain.addLast(TALLY, MessageTallyFilter.forConnections(stats.listener(TCP_LISTENER)));
        return chain;
    }

    static DefaultIoFilterChainBuilder datagram(ExecutorFilter executor, ServerStats stats) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        chain.addLast(TRAFFIC, new TrafficCountingFilter(stats));
        if (executor != null) {
            chain.addLast(EXECUTOR, executor);
        }
        chain.addLast(TALLY, MessageTallyFilter.forDatagrams(stats.listener(UDP_LISTENER)));
        return chain;
    }

    /** Read counting goes first, ahead of the codec, so it sees each read as the socket gave it. */
    static DefaultIoFilterChainBuilder countingReads(DefaultIoFilterChainBuilder chain, ReadLedger ledger,
                                                     String transport) {
        if (ledger != null) {
            chain.addFirst(READ_COUNTING, new ReadCountingFilter(ledger, transport));
        }
        return chain;
    }
}
