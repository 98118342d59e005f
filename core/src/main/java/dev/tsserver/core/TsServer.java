package dev.tsserver.core;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.tsserver.core.chain.GracefulStop;
import dev.tsserver.core.chain.ReplyMemoryBudget;
import dev.tsserver.core.internal.BatchReadingDatagramAcceptor;
import dev.tsserver.core.internal.CountingHandler;
import dev.tsserver.core.internal.DatagramPayloadFilter;
import dev.tsserver.core.internal.DatagramReadBuffers;
import dev.tsserver.core.internal.DatagramReceiveBuffer;
import dev.tsserver.core.internal.DatagramServiceStatistics;
import dev.tsserver.core.internal.DatagramStopMarker;
import dev.tsserver.core.internal.LocalWakeupNioProcessor;
import dev.tsserver.core.internal.PeerSessionRecycler;
import dev.tsserver.core.internal.PresizedSessionAttributes;
import dev.tsserver.core.internal.StreamServiceStatistics;
import dev.tsserver.core.protocol.ProtocolContext;
import dev.tsserver.core.protocol.ProtocolProvider;
import dev.tsserver.core.edge.EdgeChains;
import dev.tsserver.core.edge.TlsConfigException;
import dev.tsserver.core.edge.TlsContextSource;
import dev.tsserver.core.reads.ReadLedger;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.transport.socket.DatagramAcceptor;
import org.apache.mina.transport.socket.DatagramSessionConfig;
import org.apache.mina.core.session.ExpiringSessionRecycler;
import org.apache.mina.core.session.IoSessionRecycler;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running TS server: one or more {@link Listener}s (each one bind, with its own protocol,
 * codec and limits) sharing one set of I/O threads, one executor, one set of counters and one
 * stop deadline. Start one with {@code TsServer.builder()...start()} or
 * {@link #start(TsServerConfig)}; {@link #close()} stops it gracefully. Every server owns its
 * acceptors, threads and counters, so several can run in one JVM.
 *
 * <pre>{@code
 * try (TsServer server = TsServer.builder().port(0).codec("length").start()) {
 *     InetSocketAddress address = server.tcpAddress();
 *     ...
 * }
 * }</pre>
 */
public final class TsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TsServer.class);
    private static final AtomicInteger SERVER_IDS = new AtomicInteger();
    /** Sessions of a UDP peer live this long without traffic (seconds). */
    private static final int UDP_SESSION_TTL_SECONDS = 60;
    /** Read buffer for datagrams: above the largest UDP payload, so none is ever truncated. */
    private static final int DATAGRAM_READ_BUFFER = 65_536;
    private static final String UDP_STOP_MARKER = "stop-marker";
    /**
     * First read buffer of a TCP connection. MINA allocates a fresh buffer for every read and
     * adapts its size (doubling after a full read, up to 64 KiB; halving after small ones), so
     * a busy pipelined connection reaches a large buffer within a few reads, while each mostly
     * idle one stops costing MINA's default of 2,048 bytes per read: in idle-10k (10,000
     * connections) that was about 20 MB of the peak RSS (docs/performance.md).
     */
    private static final int INITIAL_READ_BUFFER = 128;
    /** What a protocol that declares its own wire format runs on: chunks as read, bytes as written. */
    private static final String FIXED_FORMAT_CODEC = "raw";

    private final TsServerConfig config;
    private final ServerStats stats;
    private final List<Listener> listeners;
    private final SimpleIoProcessorPool<NioSession> tcpProcessors;
    private final ExecutorFilter executorFilter;
    private final ReadLedger reads;
    private final ReplyMemoryBudget replyBudget;
    /** One per TLS listener, in listener order: what SIGHUP reloads. */
    private final List<TlsContextSource> tlsSources;
    private boolean closed;

    private TsServer(TsServerConfig config, ServerStats stats, List<Listener> listeners,
                     SimpleIoProcessorPool<NioSession> tcpProcessors, ExecutorFilter executorFilter,
                     ReadLedger reads, ReplyMemoryBudget replyBudget, List<TlsContextSource> tlsSources) {
        this.config = config;
        this.tlsSources = List.copyOf(tlsSources);
        this.replyBudget = replyBudget;
        this.reads = reads;
        this.stats = stats;
        this.listeners = List.copyOf(listeners);
        this.tcpProcessors = tcpProcessors;
        this.executorFilter = executorFilter;
    }

    /**
     * MINA's datagram acceptor reports {@code ::1} as {@code 0.0.0.1} (it unwraps every
     * "IPv4-compatible" IPv6 address), so the address is the one bound and only the port is read
     * back.
     */
    private static InetSocketAddress udpBoundAddress(InetAddress bindAddress, DatagramAcceptor acceptor) {
        return new InetSocketAddress(bindAddress, acceptor.getLocalAddress().getPort());
    }

    /** A builder of the configuration; its {@code start()} starts the server. */
    public static TsServerConfig.Builder builder() {
        return TsServerConfig.builder();
    }

    /**
     * Binds every listener of the configuration and starts serving.
     *
     * @throws ServerStartException when an address cannot be bound (in use, permission denied,
     *                              unknown host); nothing is left bound then
     */
    public static TsServer start(TsServerConfig config) throws ServerStartException {
        ServerSettings server = config.server();
        // Certificates and keys first: a bad file is a start-up failure before anything is bound.
        Map<ListenerSettings, TlsContextSource> tls = loadTls(config);
        ServerStats stats = new ServerStats();
        ReadLedger reads = server.countReads() ? new ReadLedger() : null;
        ReplyMemoryBudget replyBudget = new ReplyMemoryBudget(server.maxQueuedReplyBytes());
        boolean anyTcp = false;
        boolean anyBlocking = false;
        for (ListenerSettings listener : config.listeners()) {
            anyTcp |= listener.scheme().isStream();
            anyBlocking |= !server.protocolOf(listener).runsOnIoThreads();
        }
        ExecutorFilter executor = server.workers() > 0 ? newExecutorFilter(server.workers())
                : anyBlocking ? newExecutorFilter(ServerSettings.DEFAULT_BLOCKING_WORKERS) : null;
        // One pool of processors that do not wake their own selector (LocalWakeupNioProcessor),
        // shared by every TCP listener; acceptors do not dispose a pool they did not create, close() does.
        SimpleIoProcessorPool<NioSession> processors =
                anyTcp ? new SimpleIoProcessorPool<>(LocalWakeupNioProcessor.class, server.ioThreads()) : null;
        List<Listener> bound = new ArrayList<>(config.listeners().size());
        try {
            if (config.sharedPort()) {
                bindSharedPort(config, processors, executor, stats, reads, replyBudget, tls, bound);
            } else {
                for (ListenerSettings listener : config.listeners()) {
                    bound.add(bindListener(server, listener, listener.port(), processors, executor, stats, reads,
                            replyBudget, tls.get(listener)));
                }
            }
        } catch (ServerStartException | RuntimeException e) {
            for (Listener listener : bound) {
                disposeQuietly(listener.acceptor(), listener.udpSessionRecycler());
            }
            if (processors != null) {
                processors.dispose();
            }
            if (executor != null) {
                executor.destroy();
            }
            throw e;
        }
        stats.measureReplyMemory(replyBudget::used);
        for (Listener listener : bound) {
            // The metrics label: as configured and bound, fixed for the server's life, never from a client.
            stats.addListener(listener.endpoint(), listener.countersToIncrement());
            if (listener.scheme().isStream()) {
                stats.watchSessions(listener.acceptor());
            }
        }
        TsServer started = new TsServer(config, stats, bound, processors, executor, reads, replyBudget,
                new ArrayList<>(tls.values()));
        for (Listener listener : bound) {
            if (listener.scheme() == Scheme.UDP) {
                EdgeChains.warnIfOpenUdp(listener.address().getAddress(), listener.settings().edge());
            }
        }
        LOG.debug("started {}", started);
        return started;
    }

    /** The shorthand's {@code both}: TCP, then UDP on the port TCP got. */
    private static void bindSharedPort(TsServerConfig config, SimpleIoProcessorPool<NioSession> processors,
                                       ExecutorFilter executor, ServerStats stats, ReadLedger reads,
                                       ReplyMemoryBudget replyBudget,
                                       Map<ListenerSettings, TlsContextSource> tls, List<Listener> bound)
            throws ServerStartException {
        ListenerSettings tcpSettings = config.listeners().get(0);
        ListenerSettings udpSettings = config.listeners().get(1);
        // With port 0, TCP picks the port and UDP may find it taken: try again.
        int attempts = tcpSettings.port() == 0 ? 5 : 1;
        for (int attempt = 1; ; attempt++) {
            Listener tcp = bindListener(config.server(), tcpSettings, tcpSettings.port(), processors, executor,
                    stats, reads, replyBudget, tls.get(tcpSettings));
            try {
                Listener udp = bindListener(config.server(), udpSettings, tcp.address().getPort(), processors,
                        executor, stats, reads, replyBudget, null);
                bound.add(tcp);
                bound.add(udp);
                return;
            } catch (ServerStartException e) {
                disposeQuietly(tcp.acceptor(), null);
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    private static Listener bindListener(ServerSettings server, ListenerSettings settings, int port,
                                         SimpleIoProcessorPool<NioSession> processors, ExecutorFilter executor,
                                         ServerStats stats, ReadLedger reads, ReplyMemoryBudget replyBudget,
                                         TlsContextSource tls)
            throws ServerStartException {
        InetAddress bindAddress = resolve(settings.host());
        ProtocolProvider protocol = server.protocolOf(settings);
        String protocolName = settings.customHandler().isPresent() ? "custom" : protocol.name();
        // Workers serve every listener when there are some; a protocol that may block gets them anyway.
        ExecutorFilter listenerExecutor = server.workers() > 0 || !protocol.runsOnIoThreads() ? executor : null;
        // Counted here, in the handler's wrapper, for the server-wide total, this listener and
        // (TCP) the connection's close line; published under the bound endpoint once bound.
        ServerStats.ListenerStats counters = new ServerStats.ListenerStats();
        IoHandler handler = new CountingHandler(settings.customHandler().orElseGet(
                () -> protocol.newHandler(new ProtocolContext(settings, server.clock(), stats))), stats, counters,
                settings.scheme().isStream());
        if (settings.scheme().isStream()) {
            // Replies are batched when the handler runs on the I/O threads, which a protocol
            // declares; an embedding application's own handler declares nothing, so it is not.
            boolean batchReplies = listenerExecutor == null && settings.customHandler().isEmpty()
                    && protocol.runsOnIoThreads();
            boolean useCodec = settings.customHandler().isPresent() || protocol.usesCodec();
            NioSocketAcceptor tcp = newTcpAcceptor(server, settings, useCodec, batchReplies, processors,
                    listenerExecutor, handler, stats, counters, reads, replyBudget, bindAddress, tls);
            try {
                bind(tcp, settings.scheme().uriName(), new InetSocketAddress(bindAddress, port));
            } catch (ServerStartException e) {
                disposeQuietly(tcp, null);
                throw e;
            }
            return new Listener(settings, protocolName, tcp, null, (InetSocketAddress) tcp.getLocalAddress(), counters);
        }
        IoSessionRecycler recycler = PeerSessionRecycler.ENABLED ? new PeerSessionRecycler(UDP_SESSION_TTL_SECONDS)
                : new ExpiringSessionRecycler(UDP_SESSION_TTL_SECONDS);
        DatagramAcceptor udp = newUdpAcceptor(settings, listenerExecutor, handler, stats, counters, recycler, reads,
                bindAddress);
        try {
            bind(udp, "udp", new InetSocketAddress(bindAddress, port));
        } catch (ServerStartException e) {
            disposeQuietly(udp, recycler);
            throw e;
        }
        return new Listener(settings, protocolName, udp, recycler, udpBoundAddress(bindAddress, udp), counters);
    }

    /**
     * Every TLS listener's certificate and key, read before anything is bound: a bad file is a
     * start-up failure. Each listener gets a context of its own (its own files, its own reload),
     * keyed by identity: two listeners may have equal settings.
     */
    private static Map<ListenerSettings, TlsContextSource> loadTls(TsServerConfig config) throws ServerStartException {
        Map<ListenerSettings, TlsContextSource> sources = new IdentityHashMap<>();
        for (ListenerSettings listener : config.listeners()) {
            if (listener.tls().isPresent()) {
                try {
                    sources.put(listener, TlsContextSource.load(listener.tls().get()));
                } catch (TlsConfigException e) {
                    throw new ServerStartException(e.getMessage(), e);
                }
            }
        }
        return sources;
    }

    /**
     * Re-reads the TLS certificate and key of every TLS listener (SIGHUP): new handshakes use the
     * new pair, open connections go on. A listener whose file cannot be read or does not match
     * keeps its old pair and logs one ERROR line; the others are reloaded all the same.
     *
     * @return true if every TLS listener now uses its new pair; false if one was refused or this
     *         server has no TLS listener
     */
    public boolean reloadTls() {
        boolean all = !tlsSources.isEmpty();
        for (TlsContextSource source : tlsSources) {
            all &= source.reload();
        }
        return all;
    }

    /** Whether any listener serves TLS (what SIGHUP has to reload). */
    public boolean hasTls() {
        return !tlsSources.isEmpty();
    }

    private static InetAddress resolve(String host) throws ServerStartException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ServerStartException("cannot resolve host '" + host + "'", e);
        }
    }

    private static ExecutorFilter newExecutorFilter(int workers) {
        ThreadFactory threads = namedThreads("tsserver-worker-");
        return new ExecutorFilter(new OrderedThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, threads));
    }

    private static NioSocketAcceptor newTcpAcceptor(ServerSettings server, ListenerSettings config,
                                                    boolean useCodec, boolean batchReplies,
                                                    SimpleIoProcessorPool<NioSession> processors,
                                                    ExecutorFilter executor, IoHandler handler,
                                                    ServerStats stats, ServerStats.ListenerStats counters,
                                                    ReadLedger reads, ReplyMemoryBudget replyBudget,
                                                    InetAddress bindAddress, TlsContextSource tls) {
        NioSocketAcceptor acceptor = SingleFamilyAcceptors.socketAcceptor(processors, bindAddress);
        StreamServiceStatistics.apply(acceptor);
        PresizedSessionAttributes.apply(acceptor);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(config.backlog());
        // Graceful stop closes sessions itself, after draining; unbind must not drop them.
        acceptor.setCloseOnDeactivation(false);
        SocketSessionConfig session = acceptor.getSessionConfig();
        session.setTcpNoDelay(config.tcpNoDelay());
        // Bounds what a non-reading peer absorbs, on TLS listeners too (the stall a capped
        // buffer once caused there was MINA's, fixed in internal.WriteInterestNioProcessor).
        if (config.tcpSendBufferSize() > 0) {
            session.setSendBufferSize(config.tcpSendBufferSize());
        }
        session.setReadBufferSize(INITIAL_READ_BUFFER);
        session.setIdleTime(IdleStatus.BOTH_IDLE, (int) config.idleTimeout().toSeconds());
        session.setWriteTimeout((int) Math.min(Integer.MAX_VALUE, config.writeTimeout().toSeconds()));
        // The frame deadline also checks connections whose input went silent mid-frame.
        session.setIdleTime(IdleStatus.READER_IDLE, (int) config.frameTimeout().toSeconds());
        // A protocol with a fixed wire format (daytime, time, discard) gets each chunk as read
        // and writes its bytes as they are, whatever codec the listener names.
        String codecName = useCodec ? config.codec() : FIXED_FORMAT_CODEC;
        ProtocolCodecFactory codec = server.codecRegistry().newCodecFactory(codecName, config.codecSettings());
        // raw's message is each read as it came (SPEC), so its reads must reach it whole.
        boolean steppedReads = !FIXED_FORMAT_CODEC.equals(codecName);
        acceptor.setFilterChainBuilder(EdgeChains.stream(FilterChains.countingReads(
                FilterChains.stream(config, codec, executor, stats, counters, batchReplies, replyBudget, steppedReads),
                reads, "tcp"), config.edge(), stats.edge(), tls));
        acceptor.setHandler(handler);
        return acceptor;
    }

    private static DatagramAcceptor newUdpAcceptor(ListenerSettings config, ExecutorFilter executor,
                                                   IoHandler handler, ServerStats stats,
                                                   ServerStats.ListenerStats counters,
                                                   IoSessionRecycler recycler, ReadLedger reads,
                                                   InetAddress bindAddress) {
        // Our acceptor reads several datagrams per poll into one buffer of its own
        // (internal.BatchReadingDatagramAcceptor); -Dtsserver.udp.acceptor=mina puts MINA's back,
        // with a thread that reuses one read buffer for every datagram (DatagramReadBuffers), when it can.
        boolean batchReading = BatchReadingDatagramAcceptor.ENABLED;
        boolean reuseReadBuffer = !batchReading && DatagramReadBuffers.ENABLED && DatagramReadBuffers.install();
        DatagramAcceptor acceptor = batchReading
                ? new BatchReadingDatagramAcceptor(DatagramReadBuffers.replyBufferExecutor(),
                        BatchReadingDatagramAcceptor.configuredDatagramsPerRead(), DatagramReadBuffers.ENABLED)
                : reuseReadBuffer
                ? new NioDatagramAcceptor(DatagramReadBuffers.acceptorExecutor(DATAGRAM_READ_BUFFER))
                : new NioDatagramAcceptor();
        acceptor.setCloseOnDeactivation(true);
        DatagramServiceStatistics.apply(acceptor);
        // A recycler of our own: MINA's default one is static, shared by every acceptor in the JVM.
        acceptor.setSessionRecycler(recycler);
        DatagramSessionConfig session = acceptor.getSessionConfig();
        session.setReadBufferSize(DATAGRAM_READ_BUFFER);
        session.setMinReadBufferSize(DATAGRAM_READ_BUFFER);
        session.setMaxReadBufferSize(DATAGRAM_READ_BUFFER);
        int receiveBuffer = DatagramReceiveBuffer.forListener(config.udpReceiveBufferSize());
        if (receiveBuffer > 0) {
            session.setReceiveBufferSize(receiveBuffer); // applied to the socket before bind
        }
        DefaultIoFilterChainBuilder chain = EdgeChains.datagram(FilterChains.countingReads(
                FilterChains.datagram(executor, new DatagramPayloadFilter(config.codecSettings().maxFrame(), stats),
                        stats, counters),
                reads, "udp"), config.edge(), stats.edge());
        if (SingleFamilyAcceptors.isIpv4(bindAddress)) {
            chain.addFirst("ipv4-only", new Ipv4OnlyDatagramFilter());
        }
        if (DatagramStopMarker.ENABLED) {
            chain.addFirst(UDP_STOP_MARKER, new DatagramStopMarker());
        }
        if (reuseReadBuffer) {
            chain.addFirst("read-buffer-guard", DatagramReadBuffers.eventGuard());
        }
        acceptor.setFilterChainBuilder(chain);
        acceptor.setHandler(handler);
        return acceptor;
    }

    private static void bind(org.apache.mina.core.service.IoAcceptor acceptor, String scheme,
                             InetSocketAddress address) throws ServerStartException {
        try {
            acceptor.bind(address);
        } catch (IOException | RuntimeException e) {
            throw new ServerStartException("cannot listen on " + scheme + "://" + Addresses.format(address) + ": "
                    + bindFailureReason(e), e);
        }
    }

    /** "address already in use", "permission denied", ... from whatever MINA wrapped it in. */
    static String bindFailureReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof SocketException) {
                String message = t.getMessage();
                if (message != null && !message.isBlank()) {
                    return message.replaceFirst(" \\(Bind failed\\)$", "").toLowerCase(java.util.Locale.ROOT);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = Failures.rootCause(failure);
        if (root.getMessage() == null) {
            return root.getClass().getSimpleName();
        }
        // MINA's "Error while binding on ADDRESS\noriginal message : CAUSE": keep the cause, one line.
        String message = root.getMessage();
        int original = message.lastIndexOf("original message : ");
        if (original >= 0) {
            message = message.substring(original + "original message : ".length());
        }
        return message.replace('\n', ' ').strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static ThreadFactory namedThreads(String prefix) {
        int serverId = SERVER_IDS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + serverId + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The configuration this server was started with. */
    public TsServerConfig config() {
        return config;
    }

    /** Live counters, for all listeners together; read-only. */
    public ServerCounters stats() {
        return stats.readOnly();
    }

    /** Every bound listener, in the order of the configuration. */
    public List<Listener> listeners() {
        return listeners;
    }

    /** The first listener of {@code scheme}; for {@link Scheme#TCP}, the first stream listener, TLS or not. */
    private Optional<Listener> first(Scheme scheme) {
        for (Listener listener : listeners) {
            if (listener.scheme() == scheme || (scheme == Scheme.TCP && listener.scheme().isStream())) {
                return Optional.of(listener);
            }
        }
        return Optional.empty();
    }

    /**
     * The bound address of the first TCP (or TLS) listener, with the real port when the configuration
     * asked for port 0.
     *
     * @throws IllegalStateException if this server has no TCP listener
     */
    public InetSocketAddress tcpAddress() {
        return tcp().orElseThrow(() -> new IllegalStateException("this server does not listen on TCP (transport "
                + config.transport().name().toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    /** The bound address of the first UDP listener; throws if this server has no UDP listener. */
    public InetSocketAddress udpAddress() {
        return udp().orElseThrow(() -> new IllegalStateException("this server does not listen on UDP (transport "
                + config.transport().name().toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    public Optional<InetSocketAddress> tcp() {
        return first(Scheme.TCP).map(Listener::address);
    }

    public Optional<InetSocketAddress> udp() {
        return first(Scheme.UDP).map(Listener::address);
    }

    /** One URI per listener, e.g. {@code tcp://127.0.0.1:21567}, {@code udp://[::1]:21567}. */
    public List<String> endpoints() {
        List<String> endpoints = new ArrayList<>(listeners.size());
        for (Listener listener : listeners) {
            endpoints.add(listener.endpoint());
        }
        return endpoints;
    }

    /** Bytes read from TCP connections so far, all TCP listeners together (MINA's service statistics). */
    public long tcpBytesRead() {
        long bytes = 0;
        for (Listener listener : listeners) {
            if (listener.scheme().isStream()) {
                bytes += listener.acceptor().getStatistics().getReadBytes();
            }
        }
        return bytes;
    }

    /**
     * The reads counted per peer, kept after connections close.
     *
     * @throws IllegalStateException unless the server was built with {@code countReads(true)}
     */
    public ReadLedger reads() {
        if (reads == null) {
            throw new IllegalStateException("read counting is off; build the server with countReads(true)");
        }
        return reads;
    }

    /**
     * The first UDP listener's socket receive buffer (SO_RCVBUF) as Java reads it back from the
     * bound socket, or empty when this server has no UDP listener or no datagram has arrived yet:
     * MINA reaches the bound socket only through the session of a peer. On Linux this is the
     * request clamped to the kernel's floor and {@code net.core.rmem_max}: the kernel doubles it
     * to cover its bookkeeping, and the JDK halves the figure it reads back.
     */
    public OptionalInt udpReceiveBufferSize() {
        Optional<Listener> udp = first(Scheme.UDP);
        if (udp.isEmpty()) {
            return OptionalInt.empty();
        }
        for (IoSession session : udp.get().acceptor().getManagedSessions().values()) {
            try {
                return OptionalInt.of(((DatagramSessionConfig) session.getConfig()).getReceiveBufferSize());
            } catch (RuntimeException e) {
                LOG.debug("cannot read the UDP receive buffer size through {}", session, e); // closed meanwhile
            }
        }
        return OptionalInt.empty();
    }

    /** Bytes charged now to the reply memory budget (queued replies, their bookkeeping, held input). */
    public long queuedReplyBytes() {
        return replyBudget.used();
    }

    /** Connections open now (TCP, all listeners). */
    public int openConnections() {
        int open = 0;
        for (Listener listener : listeners) {
            if (listener.scheme().isStream()) {
                open += listener.acceptor().getManagedSessionCount();
            }
        }
        return open;
    }

    /**
     * Stops gracefully within the configured stop timeout, one deadline for every listener: stop
     * accepting everywhere, stop reading, answer every message already read, flush, close
     * connections, release threads. With a {@linkplain TsServerConfig#drainDelay() drain delay}
     * the server first reports not ready and goes on accepting and serving for that long (so a
     * load balancer takes it out while it still answers), then stops as above: the call takes up
     * to drain delay + stop timeout. Interrupting the calling thread cuts the delay short.
     * Idempotent. Do not call it from a handler (an I/O thread): MINA deadlocks when an I/O
     * thread waits on itself.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Readiness reports "stopping" from here, before any listener stops accepting.
        stats.markDraining();
        boolean interrupted = serveThroughDrainDelay(config.drainDelay());
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        List<Listener> tcpListeners = new ArrayList<>(listeners.size());
        for (Listener listener : listeners) {
            if (listener.scheme().isStream()) {
                tcpListeners.add(listener);
            }
        }
        if (!tcpListeners.isEmpty()) {
            for (Listener listener : tcpListeners) {
                listener.acceptor().unbind();
            }
            List<IoSession> sessions = new ArrayList<>();
            for (Listener listener : tcpListeners) {
                sessions.addAll(listener.acceptor().getManagedSessions().values());
            }
            GracefulStop.Outcome outcome = GracefulStop.stop(sessions, deadline);
            if (outcome.cut() > 0) {
                LOG.warn("stop limit of {} s reached: cut {} connection(s) ({} with replies the peer had not read yet, "
                        + "{} with input not yet answered)", config.stopTimeout().toMillis() / 1000.0, outcome.cut(),
                        outcome.withRepliesQueued(), outcome.withInputUnread());
            }
            for (Listener listener : tcpListeners) {
                listener.acceptor().dispose(true);
            }
            tcpProcessors.dispose();
        }
        for (Listener listener : listeners) {
            if (listener.scheme() == Scheme.UDP) {
                awaitQuietDatagrams(listener, deadline);
                disposeQuietly(listener.acceptor(), listener.udpSessionRecycler());
            }
        }
        if (executorFilter != null) {
            executorFilter.destroy();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("stopped {}", this);
    }

    /**
     * The drain delay: already not ready, every listener still accepts and serves while the
     * balancer's health checks notice. Nothing here waits for an event: the delay is the point.
     *
     * @return whether an interrupt cut it short; the flag is restored only once the stop is done,
     *         since the stop's own bounded waits would spin on a set interrupt flag
     */
    private static boolean serveThroughDrainDelay(java.time.Duration delay) {
        if (delay.isZero()) {
            return false;
        }
        LOG.info("not ready; serving on for the drain delay of {} s before stopping", delay.toMillis() / 1000.0);
        long end = System.nanoTime() + delay.toNanos();
        try {
            for (long left = delay.toNanos(); left > 0; left = end - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
            return false;
        } catch (InterruptedException e) {
            LOG.info("drain delay cut short by an interrupt");
            return true;
        }
    }

    /**
     * Datagrams already in the socket when the stop began are read and answered: wait until none
     * has arrived for a moment and every reply is written (bounded by the stop deadline).
     */
    private static void awaitQuietDatagrams(Listener listener, long deadlineNanos) {
        if (awaitStopMarker(listener, deadlineNanos)) {
            return;
        }
        // Counted by the server, not MINA's service statistics, which UDP listeners switch off.
        ServerCounters.ListenerCounters counters = listener.counters();
        var watch = new DatagramServiceStatistics.QuietWatch(
                () -> counters.messagesReceived() + counters.repliesSent(), GracefulStop.QUIET_MILLIS / 2,
                System::currentTimeMillis);
        while (System.nanoTime() < deadlineNanos) {
            if (watch.isQuiet(listener.acceptor().getManagedSessions().values())) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * The quick way to the same point (internal.DatagramStopMarker): the listener has read its
     * own marker datagram, so everything queued before the stop has been read, and with the
     * handler on the I/O thread answered; what is left is any reply the socket has not taken yet.
     *
     * @return false when the marker cannot tell (an executor between reading and answering, the
     *         marker switched off or not seen): the caller then waits for quiet
     */
    private static boolean awaitStopMarker(Listener listener, long deadlineNanos) {
        if (!(listener.acceptor().getFilterChainBuilder() instanceof DefaultIoFilterChainBuilder chain)
                || !(chain.get(UDP_STOP_MARKER) instanceof DatagramStopMarker marker)
                || chain.contains(FilterChains.EXECUTOR)
                || !marker.awaitQueueRead(listener.address(), deadlineNanos)) {
            return false;
        }
        while (System.nanoTime() < deadlineNanos) {
            boolean written = true;
            for (IoSession session : listener.acceptor().getManagedSessions().values()) {
                written &= session.getScheduledWriteMessages() == 0;
            }
            if (written) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private static void disposeQuietly(org.apache.mina.core.service.IoAcceptor acceptor,
                                       IoSessionRecycler recycler) {
        if (acceptor != null) {
            try {
                acceptor.unbind(); // synchronous: the port is free when it returns
            } finally {
                // A datagram acceptor with its own session recycler takes a whole select timeout
                // (1 s) to finish dispose(true); its thread ends by itself after unbind.
                acceptor.dispose(!(acceptor instanceof DatagramAcceptor));
            }
        }
        if (recycler instanceof ExpiringSessionRecycler expiring) {
            expiring.stopExpiring();
        }
    }

    @Override
    public String toString() {
        return "TsServer" + listeners;
    }
}
