package dev.tsserver.core;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tsserver.core.chain.DrainRequestFilter;
import dev.tsserver.core.edge.EdgeChains;
import dev.tsserver.core.edge.TlsConfigException;
import dev.tsserver.core.edge.TlsContextSource;
import dev.tsserver.core.reads.ReadLedger;
import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.transport.socket.DatagramSessionConfig;
import org.apache.mina.core.session.ExpiringSessionRecycler;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running TS server. Start one with {@code TsServer.builder()...start()} or
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
    /**
     * First read buffer of a TCP connection. MINA allocates a fresh buffer for every read and
     * adapts its size (doubling after a full read, up to 64 KiB; halving after small ones), so
     * a busy pipelined connection reaches a large buffer within a few reads, while each mostly
     * idle one stops costing MINA's default of 2,048 bytes per read: in idle-10k (10,000
     * connections) that was about 20 MB of the peak RSS (docs/performance.md).
     */
    private static final int INITIAL_READ_BUFFER = 128;

    private final TsServerConfig config;
    private final ServerStats stats;
    private final NioSocketAcceptor tcpAcceptor;
    private final SimpleIoProcessorPool<NioSession> tcpProcessors;
    private final NioDatagramAcceptor udpAcceptor;
    private final ExpiringSessionRecycler udpSessionRecycler;
    private final ExecutorFilter executorFilter;
    private final InetSocketAddress tcpAddress;
    private final InetSocketAddress udpAddress;
    private final ReadLedger reads;
    private volatile TlsContextSource tls;
    private boolean closed;

    private TsServer(TsServerConfig config, ServerStats stats, NioSocketAcceptor tcpAcceptor,
                     SimpleIoProcessorPool<NioSession> tcpProcessors, NioDatagramAcceptor udpAcceptor,
                     ExpiringSessionRecycler udpSessionRecycler, ExecutorFilter executorFilter,
                     ReadLedger reads) {
        this.config = config;
        this.reads = reads;
        this.stats = stats;
        this.tcpAcceptor = tcpAcceptor;
        this.tcpProcessors = tcpProcessors;
        this.udpAcceptor = udpAcceptor;
        this.udpSessionRecycler = udpSessionRecycler;
        this.executorFilter = executorFilter;
        this.tcpAddress = tcpAcceptor == null ? null : (InetSocketAddress) tcpAcceptor.getLocalAddress();
        this.udpAddress = udpAcceptor == null ? null : udpBoundAddress(config, udpAcceptor);
    }

    /**
     * MINA's datagram acceptor reports {@code ::1} as {@code 0.0.0.1} (it unwraps every
     * "IPv4-compatible" IPv6 address), so the address is the one bound and only the port is read
     * back.
     */
    private static InetSocketAddress udpBoundAddress(TsServerConfig config, NioDatagramAcceptor acceptor) {
        InetSocketAddress reported = acceptor.getLocalAddress();
        try {
            return new InetSocketAddress(InetAddress.getByName(config.host()), reported.getPort());
        } catch (UnknownHostException e) {
            return reported; // resolved once already at bind time; cannot happen in practice
        }
    }

    public static TsServerConfig.Builder builder() {
        return TsServerConfig.builder();
    }

    /**
     * Binds every transport of the configuration and starts serving.
     *
     * @throws ServerStartException when an address cannot be bound (in use, permission denied,
     *                              unknown host); nothing is left bound then
     */
    public static TsServer start(TsServerConfig config) throws ServerStartException {
        InetAddress bindAddress = resolve(config.host());
        TlsContextSource tls = loadTls(config);
        ServerStats stats = new ServerStats();
        TimestampFormatter formatter = new TimestampFormatter(config.timeFormat(), config.zone(), config.clock());
        ExecutorFilter executor = config.workers() > 0 ? newExecutorFilter(config.workers()) : null;
        ReadLedger reads = config.countReads() ? new ReadLedger() : null;
        NioSocketAcceptor tcp = null;
        SimpleIoProcessorPool<NioSession> processors = null;
        NioDatagramAcceptor udp = null;
        ExpiringSessionRecycler recycler = null;
        try {
            // With "both" and port 0, TCP picks the port and UDP may find it taken: try again.
            int attempts = config.transport() == Transport.BOTH && config.port() == 0 ? 5 : 1;
            for (int attempt = 1; ; attempt++) {
                int port = config.port();
                if (config.transport().includesTcp()) {
                    processors = new SimpleIoProcessorPool<>(LocalWakeupNioProcessor.class, config.ioThreads());
                    tcp = newTcpAcceptor(config, processors, executor, formatter, stats, reads, tls);
                    bind(tcp, "tcp", new InetSocketAddress(bindAddress, port));
                    port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                }
                if (!config.transport().includesUdp()) {
                    break;
                }
                recycler = new ExpiringSessionRecycler(UDP_SESSION_TTL_SECONDS);
                udp = newUdpAcceptor(config, executor, formatter, stats, recycler, reads);
                try {
                    bind(udp, "udp", new InetSocketAddress(bindAddress, port));
                    break;
                } catch (ServerStartException e) {
                    disposeQuietly(udp, recycler);
                    udp = null;
                    recycler = null;
                    if (attempt >= attempts) {
                        throw e;
                    }
                    disposeQuietly(tcp, null);
                    processors.dispose();
                    tcp = null;
                    processors = null;
                }
            }
        } catch (ServerStartException | RuntimeException e) {
            disposeQuietly(tcp, null);
            if (processors != null) {
                processors.dispose();
            }
            disposeQuietly(udp, recycler);
            if (executor != null) {
                executor.destroy();
            }
            throw e;
        }
        TsServer server = new TsServer(config, stats, tcp, processors, udp, recycler, executor, reads);
        server.tls = tls;
        if (udp != null) {
            EdgeChains.warnIfOpenUdp(bindAddress, config.edge());
        }
        LOG.debug("started {}", server);
        return server;
    }

    /** The certificate and key, read before anything is bound: a bad file is a start-up failure. */
    private static TlsContextSource loadTls(TsServerConfig config) throws ServerStartException {
        if (config.edge().tls() == null || !config.transport().includesTcp()) {
            return null;
        }
        try {
            return TlsContextSource.load(config.edge().tls());
        } catch (TlsConfigException e) {
            throw new ServerStartException(e.getMessage(), e);
        }
    }

    /**
     * Re-reads the TLS certificate and key (SIGHUP): new handshakes use the new pair, open
     * connections go on. A file that cannot be read or does not match leaves the old pair in use
     * and logs one ERROR line.
     *
     * @return true if the new pair is in use; false if it was refused or this server has no TLS
     */
    public boolean reloadTls() {
        return tls != null && tls.reload();
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

    private static NioSocketAcceptor newTcpAcceptor(TsServerConfig config, SimpleIoProcessorPool<NioSession> processors,
                                                    ExecutorFilter executor, TimestampFormatter formatter,
                                                    ServerStats stats, ReadLedger reads, TlsContextSource tls) {
        // Our own pool, of processors that do not wake their own selector (LocalWakeupNioProcessor);
        // the acceptor does not dispose a pool it did not create, close() does.
        NioSocketAcceptor acceptor = new NioSocketAcceptor(processors);
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(config.backlog());
        // Graceful stop closes sessions itself, after draining; unbind must not drop them.
        acceptor.setCloseOnDeactivation(false);
        SocketSessionConfig session = acceptor.getSessionConfig();
        session.setTcpNoDelay(config.tcpNoDelay());
        session.setReadBufferSize(INITIAL_READ_BUFFER);
        session.setIdleTime(IdleStatus.BOTH_IDLE, (int) config.idleTimeout().toSeconds());
        session.setWriteTimeout((int) Math.min(Integer.MAX_VALUE, config.writeTimeout().toSeconds()));
        ProtocolCodecFactory codec = config.codecRegistry().newCodecFactory(config.codec(), config.codecSettings());
        acceptor.setFilterChainBuilder(EdgeChains.stream(
                FilterChains.countingReads(FilterChains.stream(config, codec, executor, stats), reads, "tcp"),
                config.edge(), stats.edge(), tls));
        IoHandler handler = config.customHandler().orElseGet(() -> new TimestampReplyHandler(formatter, stats));
        acceptor.setHandler(handler);
        return acceptor;
    }

    private static NioDatagramAcceptor newUdpAcceptor(TsServerConfig config, ExecutorFilter executor,
                                                      TimestampFormatter formatter, ServerStats stats,
                                                      ExpiringSessionRecycler recycler, ReadLedger reads) {
        NioDatagramAcceptor acceptor = new NioDatagramAcceptor();
        acceptor.setCloseOnDeactivation(true);
        // A recycler of our own: MINA's default one is static, shared by every acceptor in the JVM.
        acceptor.setSessionRecycler(recycler);
        DatagramSessionConfig session = acceptor.getSessionConfig();
        session.setReadBufferSize(DATAGRAM_READ_BUFFER);
        session.setMinReadBufferSize(DATAGRAM_READ_BUFFER);
        session.setMaxReadBufferSize(DATAGRAM_READ_BUFFER);
        acceptor.setFilterChainBuilder(EdgeChains.datagram(
                FilterChains.countingReads(FilterChains.datagram(executor), reads, "udp"), config.edge(), stats.edge()));
        IoHandler handler = config.customHandler()
                .orElseGet(() -> new DatagramReplyHandler(formatter, config.codecSettings().maxFrame(), stats));
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
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
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

    public TsServerConfig config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    /**
     * The bound TCP address, with the real port when the configuration asked for port 0.
     *
     * @throws IllegalStateException if this server has no TCP transport
     */
    public InetSocketAddress tcpAddress() {
        if (tcpAddress == null) {
            throw new IllegalStateException("this server does not listen on TCP (transport "
                    + config.transport().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return tcpAddress;
    }

    /** The bound UDP address; throws if this server has no UDP transport. */
    public InetSocketAddress udpAddress() {
        if (udpAddress == null) {
            throw new IllegalStateException("this server does not listen on UDP (transport "
                    + config.transport().name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        return udpAddress;
    }

    public Optional<InetSocketAddress> tcp() {
        return Optional.ofNullable(tcpAddress);
    }

    public Optional<InetSocketAddress> udp() {
        return Optional.ofNullable(udpAddress);
    }

    /** One URI per bound transport, e.g. {@code tcp://127.0.0.1:21567}, {@code udp://[::1]:21567}. */
    public List<String> endpoints() {
        List<String> endpoints = new ArrayList<>(2);
        tcp().ifPresent(a -> endpoints.add((tls != null ? "tls://" : "tcp://") + Addresses.format(a)));
        udp().ifPresent(a -> endpoints.add("udp://" + Addresses.format(a)));
        return endpoints;
    }

    /** Bytes read from TCP connections so far (MINA's service statistics). */
    public long tcpBytesRead() {
        return tcpAcceptor == null ? 0 : tcpAcceptor.getStatistics().getReadBytes();
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

    /** Connections open now (TCP). */
    public int openConnections() {
        return tcpAcceptor == null ? 0 : tcpAcceptor.getManagedSessionCount();
    }

    /**
     * Stops gracefully within the configured stop timeout: stop accepting, stop reading, answer
     * every message already read, flush, close connections, release threads. Idempotent. Do not
     * call it from a handler (an I/O thread): MINA deadlocks when an I/O thread waits on itself.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        if (tcpAcceptor != null) {
            tcpAcceptor.unbind();
            List<IoSession> sessions = new ArrayList<>(tcpAcceptor.getManagedSessions().values());
            for (IoSession session : sessions) {
                DrainRequestFilter.drain(session);
            }
            int dropped = 0;
            for (IoSession session : sessions) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !session.getCloseFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1)) {
                    session.closeNow();
                    dropped++;
                }
            }
            if (dropped > 0) {
                LOG.warn("stop timeout: closed {} connection(s) with replies still unsent", dropped);
            }
            tcpAcceptor.dispose(true);
            tcpProcessors.dispose();
        }
        if (udpAcceptor != null) {
            disposeQuietly(udpAcceptor, udpSessionRecycler);
        }
        if (executorFilter != null) {
            executorFilter.destroy();
        }
        LOG.debug("stopped {}", this);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private static void disposeQuietly(org.apache.mina.core.service.IoAcceptor acceptor,
                                       ExpiringSessionRecycler recycler) {
        if (acceptor != null) {
            try {
                acceptor.unbind(); // synchronous: the port is free when it returns
            } finally {
                // A datagram acceptor with its own session recycler takes a whole select timeout
                // (1 s) to finish dispose(true); its thread ends by itself after unbind.
                acceptor.dispose(!(acceptor instanceof NioDatagramAcceptor));
            }
        }
        if (recycler != null) {
            recycler.stopExpiring();
        }
    }

    @Override
    public String toString() {
        return "TsServer" + endpoints() + " codec=" + config.codec();
    }
}
