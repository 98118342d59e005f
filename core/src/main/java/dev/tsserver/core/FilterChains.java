package dev.tsserver.core;

import dev.tsserver.core.chain.ConnectionLimitFilter;
import dev.tsserver.core.chain.ConnectionLogFilter;
import dev.tsserver.core.chain.DrainCompletionFilter;
import dev.tsserver.core.chain.DrainRequestFilter;
import dev.tsserver.core.chain.IdleCloseFilter;
import dev.tsserver.core.chain.ProtocolErrorFilter;
import dev.tsserver.core.chain.ReplyBatchFilter;
import dev.tsserver.core.chain.ReplyCountingFilter;
import dev.tsserver.core.chain.TrafficCountingFilter;
import dev.tsserver.core.chain.FrameDeadlineFilter;
import dev.tsserver.core.chain.HandlerSideFilter;
import dev.tsserver.core.chain.SocketSideFilter;
import dev.tsserver.core.chain.ReplyMemoryBudget;
import dev.tsserver.core.chain.ReplyMemoryFilter;
import dev.tsserver.core.internal.DatagramPayloadFilter;
import dev.tsserver.core.reads.ReadCountingFilter;
import dev.tsserver.core.reads.ReadLedger;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.executor.ExecutorFilter;

/**
 * The one place where the filter chains are put together (the README's architecture paragraph
 * summarises this). Stream (TCP and TLS) order, socket side first; the edge part in front comes
 * from {@link dev.tsserver.core.edge.EdgeChains}, each part only when the listener's settings ask
 * for it:
 *
 * <pre>
 *   [socket-read-mark (TLS only)] -> [proxy-protocol] -> [access] -> [per-source-limit]
 *         -> [tls-handshake-flush -> tls -> tls-guard]
 *         -> [read-counting] -> traffic -> limit -> log -> idle -> drain-request -> backpressure (reply memory)
 *         -> [reply-batch] -> [frame-deadline reads] -> codec -> [frame-deadline messages]
 *         -> [executor] -> errors -> drain-complete -> replies -> handler (counting wrapper)
 * </pre>
 *
 * The PROXY header comes first because it comes before the TLS bytes on the wire (HAProxy sends
 * it so) and because it says who the peer is ({@link dev.tsserver.core.edge.PeerAddress}):
 * everything behind it, from access control to the connection log and the read ledger, sees
 * the client, not the load balancer. Access control and the per-source limit come next, ahead
 * of TLS and of anything that replies, so a refused peer costs no handshake and gets no byte.
 * TLS comes before everything that reads or writes application bytes, so the rest of the chain
 * is the same for TCP and TLS; the TLS guard bounds MINA's TLS queue, and the reply memory
 * filter counts the plaintext waiting in it (see {@link ReplyMemoryFilter}).
 *
 * Read counting is there only when the server is built with {@code countReads(true)}; the frame
 * deadline only with a non-zero frame timeout.
 *
 * Traffic (bytes in and out, {@link TrafficCountingFilter}) counts each read and each encoded
 * write as the core chain sees them (plaintext under TLS). Messages are counted once, by the
 * handler's wrapper ({@code internal.CountingHandler}: server total, listener, connection, and
 * the connection's close line); replies by {@link ReplyCountingFilter} next to the handler, where
 * every {@code session.write} enters the chain.
 *
 * The connection limit comes first of the core filters so a refused connection reaches nothing
 * else. Backpressure sits below the codec to count encoded bytes. Error handling and the drain's
 * far end sit behind the executor, so error replies and the final close are ordered with the
 * messages. The reply batch ({@link ReplyBatchFilter}: one write per read instead of one per
 * reply) is there only when the handler runs on the I/O threads (no executor) and its protocol
 * declares it may ({@link dev.tsserver.core.protocol.ProtocolProvider#runsOnIoThreads()}).
 *
 * In the compact chain (the default) the filters above that keep no state in the chain share
 * entries, in the same order: traffic, limit, log, idle and drain-request are one entry
 * ({@link SocketSideFilter}, named {@value #SOCKET_SIDE}); errors, drain-complete and replies are
 * one ({@link HandlerSideFilter}, {@value #HANDLER_SIDE}). MINA walks every entry per event, so
 * this saves six hops per event; {@code -Dtsserver.tcp.compactChain=false} builds them as
 * separate entries again (docs/perf/tuning/tcp-compact-chain.md). A TCP connection's chain does
 * not copy these entries: its listener's connections share them
 * ({@link dev.tsserver.core.internal.SharedFilterChain}; docs/perf/tuning/tcp-shared-chain.md).
 *
 * Datagram (UDP) order: [read-buffer-guard (marks chain events, so that only MINA's read gets
 * the reused read buffer: internal.DatagramReadBuffers)] -> [stop-marker (internal.DatagramStopMarker)] -> [ipv4-only] -> [datagram-source (access, per-source rate)]
 * -> [read-counting] -> traffic -> replies -> datagram payloads -> [executor]
 * -> datagram-peer-bound -> handler (counting wrapper). A datagram refused by the access policy or
 * over its source's rate is dropped before it is counted or copied; replies count below the
 * payload filter, so a reply too large for one datagram counts as dropped, not as sent.
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
    static final String DATAGRAM_PAYLOADS = "datagram-payloads";
    static final String FRAME_DEADLINE_READS = "frame-deadline-reads";
    static final String FRAME_DEADLINE_MESSAGES = "frame-deadline-messages";
    static final String TRAFFIC = "traffic";
    static final String REPLIES = "replies";
    static final String SOCKET_SIDE = "socket-side";
    static final String HANDLER_SIDE = "handler-side";

    /** System property: {@code false} builds the stream chain with one entry per filter. */
    static final String COMPACT_CHAIN_PROPERTY = "tsserver.tcp.compactChain";

    /**
     * Replies to one read are sent in batches of up to this many bytes: about the size of a
     * socket send buffer, so one batch rarely needs more than one write.
     */
    static final int MAX_REPLY_BATCH_BYTES = 64 * 1024;

    private FilterChains() {
    }

    /**
     * @param steppedReads whether the reply memory filter may hand a read to the codec in steps
     *                     when the budget is spent: not for a codec whose message is each read as
     *                     it came (raw), which must see every read whole
     */
    static DefaultIoFilterChainBuilder stream(ListenerSettings config, ProtocolCodecFactory codec,
                                              ExecutorFilter executor, ServerStats stats,
                                              ServerStats.ListenerStats listener, boolean batchReplies,
                                              ReplyMemoryBudget budget, boolean steppedReads) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        FrameDeadlineFilter frameDeadline = config.frameTimeout().isZero() ? null
                : new FrameDeadlineFilter(config.frameTimeout(), codec);
        boolean compact = compactChain();
        TrafficCountingFilter traffic = new TrafficCountingFilter(stats);
        ConnectionLimitFilter limit = new ConnectionLimitFilter(config.maxConnections(), stats);
        if (compact) {
            chain.addLast(SOCKET_SIDE, new SocketSideFilter(traffic, limit, new ConnectionLogFilter(),
                    new IdleCloseFilter(), new DrainRequestFilter()));
        } else {
            chain.addLast(TRAFFIC, traffic);
            chain.addLast(CONNECTION_LIMIT, limit);
            chain.addLast(LOGGING, new ConnectionLogFilter());
            chain.addLast(IDLE, new IdleCloseFilter());
            chain.addLast(DRAIN_REQUEST, new DrainRequestFilter());
        }
        chain.addLast(BACKPRESSURE,
                new ReplyMemoryFilter(budget, config.writeLowWaterMark(), config.writeHighWaterMark(), steppedReads));
        if (executor == null && batchReplies) {
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
        if (compact) {
            chain.addLast(HANDLER_SIDE, new HandlerSideFilter(new ProtocolErrorFilter(stats),
                    new DrainCompletionFilter(), new ReplyCountingFilter(listener)));
        } else {
            chain.addLast(ERRORS, new ProtocolErrorFilter(stats));
            chain.addLast(DRAIN_COMPLETE, new DrainCompletionFilter());
            chain.addLast(REPLIES, new ReplyCountingFilter(listener));
        }
        return chain;
    }

    /** True unless {@value #COMPACT_CHAIN_PROPERTY} is {@code false}; read when a listener's chain is built. */
    static boolean compactChain() {
        return !"false".equalsIgnoreCase(System.getProperty(COMPACT_CHAIN_PROPERTY));
    }

    static DefaultIoFilterChainBuilder datagram(ExecutorFilter executor, DatagramPayloadFilter payloads,
                                                ServerStats stats, ServerStats.ListenerStats listener) {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        chain.addLast(TRAFFIC, new TrafficCountingFilter(stats));
        chain.addLast(REPLIES, new ReplyCountingFilter(listener));
        chain.addLast(DATAGRAM_PAYLOADS, payloads);
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
