package dev.tsserver.core;

import dev.tsserver.core.chain.ConnectionLimitFilter;
import dev.tsserver.core.chain.ConnectionLogFilter;
import dev.tsserver.core.chain.DrainCompletionFilter;
import dev.tsserver.core.chain.DrainRequestFilter;
import dev.tsserver.core.chain.IdleCloseFilter;
import dev.tsserver.core.chain.ProtocolErrorFilter;
import dev.tsserver.core.chain.ReplyBatchFilter;
import dev.tsserver.core.chain.FrameDeadlineFilter;
import dev.tsserver.core.chain.ReplyMemoryBudget;
import dev.tsserver.core.chain.ReplyMemoryFilter;
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
 *   [read-counting] -> limit -> log -> idle -> drain-request -> backpressure (reply memory)
 *         -> [reply-batch] -> [frame-deadline reads] -> codec -> [frame-deadline messages]
 *         -> [executor] -> errors -> drain-complete -> handler
 * </pre>
 *
 * Read counting is there only when the server is built with {@code countReads(true)}; the frame
 * deadline only with a non-zero frame timeout.
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
    static final String FRAME_DEADLINE_READS = "frame-deadline-reads";
    /**
     * The codec whose message is each read as it came (SPEC: raw), so reads must reach it whole.
     * A capability in the codec SPI would serve plug-ins too; until it exists, the built-in name.
     */
    static final String RAW_CODEC = "raw";
    static final String FRAME_DEADLINE_MESSAGES = "frame-deadline-messages";

    /**
     * Replies to one read are sent in batches of up to this many bytes: about the size of a
     * socket send buffer, so one batch rarely needs more than one write.
     */
    static final int MAX_REPLY_BATCH_BYTES = 64 * 1024;

    private FilterChains() {
    }

    /** A chain with a reply memory budget of its own; a server shares one budget across its chains. */
    static DefaultIoFilterChainBuilder stream(TsServerConfig config, ProtocolCodecFactory codec,
                                              ExecutorFilter executor, ServerStats stats) {
        return stream(config, codec, executor, stats, new ReplyMemoryBudget(config.maxQueuedReplyBytes()));
    }

    static DefaultIoFilterChainBuilder stream(TsServerConfig config, ProtocolCodecFactory codec,
                                              ExecutorFilter executor, ServerStats stats, ReplyMemoryBudget budget) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        FrameDeadlineFilter frameDeadline = config.frameTimeout().isZero() ? null
                : new FrameDeadlineFilter(config.frameTimeout());
        chain.addLast(CONNECTION_LIMIT, new ConnectionLimitFilter(config.maxConnections(), stats));
        chain.addLast(LOGGING, new ConnectionLogFilter());
        chain.addLast(IDLE, new IdleCloseFilter());
        chain.addLast(DRAIN_REQUEST, new DrainRequestFilter());
        chain.addLast(BACKPRESSURE,
                new ReplyMemoryFilter(budget, config.writeLowWaterMark(), config.writeHighWaterMark(),
                        !RAW_CODEC.equals(config.codec())));
        if (executor == null && config.customHandler().isEmpty()) {
            chain.addLast(REPLY_BATCH, new ReplyBatchFilter(MAX_REPLY_BATCH_BYTES));
        }
        if (frameDeadline != null) {
            chain.addLast(FRAME_DEADLINE_READS, frameDeadline.readSide());
        }
        chain.addLast(CODEC, new ProtocolCodecFilter(codec));
        if (frameDeadline != null) {
            chain.addLast(FRAME_DEADLINE_MESSAGES, frameDeadline.messageSide());
        }
        if (executor != null) {
            chain.addLast(EXECUTOR, executor);
        }
        chain.addLast(ERRORS, new ProtocolErrorFilter(stats));
        chain.addLast(DRAIN_COMPLETE, new DrainCompletionFilter());
        return chain;
    }

    static DefaultIoFilterChainBuilder datagram(ExecutorFilter executor) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        if (executor != null) {
            chain.addLast(EXECUTOR, executor);
        }
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
