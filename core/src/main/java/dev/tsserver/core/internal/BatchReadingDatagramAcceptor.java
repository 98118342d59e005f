package dev.tsserver.core.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.mina.core.RuntimeIoException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.AbstractIoAcceptor;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.ExpiringSessionRecycler;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionRecycler;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.DatagramAcceptor;
import org.apache.mina.transport.socket.DatagramSessionConfig;
import org.apache.mina.transport.socket.DefaultDatagramSessionConfig;
import org.apache.mina.util.ExceptionMonitor;

/**
 * A UDP acceptor in place of MINA's {@code NioDatagramAcceptor} (a final class), doing the same
 * job behind the same interfaces ({@link DatagramAcceptor}, and {@link IoProcessor} for its
 * sessions): a session per peer found through the {@link IoSessionRecycler}, each datagram up
 * the session's filter chain as an {@link IoBuffer}, replies sent at once when the session has
 * nothing queued and queued until the socket is writable when it refuses them, MINA's service
 * listeners, statistics and idle checks (once a second). What it does differently, and why:
 *
 * <ul>
 * <li><b>Several datagrams per ready socket.</b> MINA reads one datagram each time its selector
 * reports the socket readable, then runs its whole loop (flush queue, unbinds, idle check) and
 * polls again: one {@code epoll_wait} plus the selector's bookkeeping in Java (its selected-key
 * set, an iterator per poll, the deregister and update queues) per datagram, about a fifth of
 * the listener thread's samples in {@code udp-50c}. Here a readable socket is read until it is
 * empty or {@code datagramsPerRead} (default 16, as Netty's read loop allows) datagrams have
 * been taken. When the follow-up reads keep finding the socket empty (one datagram in flight),
 * they are skipped, as {@link ShortReadNioProcessor} does for TCP: scored per listener thread,
 * with one in {@value #PROBE_EVERY} made anyway to notice a change of load.</li>
 * <li><b>No selected-key set.</b> Ready keys are handed to the loop by
 * {@link Selector#select(Consumer, long)} instead of through the selector's key set and a fresh
 * iterator per poll.</li>
 * <li><b>One read buffer.</b> With {@code reuseReadBuffer}, every datagram is received into the
 * same direct buffer (what {@link DatagramReadBuffers} achieves for MINA's acceptor through the
 * process-wide buffer allocator), so the caller's chain must not keep the buffer past its
 * {@code messageReceived} (the server's {@link DatagramPayloadFilter} copies it out first).
 * Without it each datagram gets a fresh {@code IoBuffer.allocate(readBufferSize)}, as in MINA.</li>
 * <li><b>No wake-up of its own thread.</b> A flush asked for on the listener thread is only
 * queued (the loop flushes before it polls again, and polls without blocking while flushes are
 * queued); MINA's {@code flush(session)} wakes the selector from its own thread too. A reply
 * that was queued is not {@code reset()}: MINA 2.2.10 resets it after sending it from the queue,
 * which throws {@code InvalidMarkException} for a buffer without a mark (every reply the server
 * writes), so the reply's future was never completed and {@code messageSent} never fired.</li>
 * </ul>
 *
 * <p>The figures are in docs/perf/tuning/udp-batch-acceptor.md. Switches:
 * {@code -Dtsserver.udp.acceptor=mina} puts MINA's acceptor back (with the parts the server
 * gives it); {@code -Dtsserver.udp.datagramsPerRead=1} keeps this acceptor but reads one datagram
 * per poll, as MINA does.
 */
public class BatchReadingDatagramAcceptor extends AbstractIoAcceptor
        implements DatagramAcceptor, IoProcessor<DatagramPeerSession> {

    /** System property: {@code mina} selects MINA's {@code NioDatagramAcceptor} for UDP listeners. */
    public static final String ACCEPTOR_PROPERTY = "tsserver.udp.acceptor";
    /** Whether UDP listeners use this acceptor (the default) rather than MINA's. */
    public static final boolean ENABLED = !"mina".equalsIgnoreCase(System.getProperty(ACCEPTOR_PROPERTY, "batch").trim());
    /** System property: the most datagrams read per ready socket and poll (1 = MINA's behaviour). */
    public static final String DATAGRAMS_PER_READ_PROPERTY = "tsserver.udp.datagramsPerRead";
    /** As Netty's datagram read loop ({@code maxMessagesPerRead} 16). */
    public static final int DEFAULT_DATAGRAMS_PER_READ = 16;

    /** As MINA's datagram sessions describe themselves. */
    static final TransportMetadata METADATA = new DefaultTransportMetadata("nio", "datagram", true, false,
            InetSocketAddress.class, DatagramSessionConfig.class, IoBuffer.class);

    /** Follow-up reads made anyway while they are skipped: one in this many. */
    static final int PROBE_EVERY = 16;
    private static final int SCORE_ONE = 1 << 10;
    /** Follow-up reads are skipped while fewer than one in eight recent ones found a datagram. */
    private static final int SKIP_BELOW = SCORE_ONE / 8;
    /** The poll's timeout: the loop must come round for the once-a-second idle check. */
    private static final long SELECT_TIMEOUT_MILLIS = 1000;

    private final int datagramsPerRead;
    private final boolean reuseReadBuffer;
    private final Selector selector;
    private final Queue<AcceptorOperationFuture> bindRequests = new ConcurrentLinkedQueue<>();
    private final Queue<AcceptorOperationFuture> unbindRequests = new ConcurrentLinkedQueue<>();
    private final Queue<DatagramPeerSession> flushQueue = new ConcurrentLinkedQueue<>();
    /** Keyed by the local address each bind reported (what unbind is asked for). */
    private final Map<SocketAddress, BoundChannel> bound = new ConcurrentHashMap<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private volatile IoSessionRecycler recycler;

    private final Object loopLock = new Object();
    /** Guarded by {@link #loopLock}. */
    private boolean loopRunning;
    /** The thread running the loop now, if any. */
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();

    // Touched only by the loop thread.
    private IoBuffer readBuffer;
    private long lastIdleCheckMillis;
    private int productiveScore = SCORE_ONE;
    private int followUps;

    /**
     * @param executor         runs the listener loop (the caller keeps ownership of it)
     * @param datagramsPerRead the most datagrams read per ready socket and poll, at least 1
     * @param reuseReadBuffer  receive every datagram into one buffer; only when no filter or
     *                         handler keeps a received {@code IoBuffer} past its event
     */
    public BatchReadingDatagramAcceptor(Executor executor, int datagramsPerRead, boolean reuseReadBuffer) {
        super(new DefaultDatagramSessionConfig(), executor);
        if (datagramsPerRead < 1) {
            throw new IllegalArgumentException("datagrams per read must be at least 1, was " + datagramsPerRead);
        }
        this.datagramsPerRead = datagramsPerRead;
        this.reuseReadBuffer = reuseReadBuffer;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new RuntimeIoException("cannot open a selector for the UDP listener", e);
        }
    }

    /** {@link #DEFAULT_DATAGRAMS_PER_READ}, or the system property when it holds a positive number. */
    public static int configuredDatagramsPerRead() {
        Integer value = Integer.getInteger(DATAGRAMS_PER_READ_PROPERTY);
        return value == null || value < 1 ? DEFAULT_DATAGRAMS_PER_READ : value;
    }

    public int datagramsPerRead() {
        return datagramsPerRead;
    }

    /** Whether a socket is bound now (for tests that hold the loop before it polls one). */
    boolean hasBoundChannels() {
        return !bound.isEmpty();
    }

    // ---- the listener loop

    private void startLoop() {
        synchronized (loopLock) {
            if (!loopRunning) {
                loopRunning = true;
                try {
                    executeWorker(this::loop);
                } catch (RuntimeException e) {
                    loopRunning = false; // so that the caller fails instead of waiting for a loop forever
                    throw e;
                }
            }
        }
    }

    private void loop() {
        Thread self = Thread.currentThread();
        loopThread.set(self);
        lastIdleCheckMillis = System.currentTimeMillis();
        try {
            for (;;) {
                try {
                    // A flush queued on this thread since the last pass must not wait a whole timeout.
                    if (flushQueue.isEmpty()) {
                        select(onReady, SELECT_TIMEOUT_MILLIS);
                    } else {
                        selector.selectNow(onReady);
                    }
                    openRequested();
                    long now = System.currentTimeMillis();
                    flushQueued(now);
                    closeRequested();
                    if (now - lastIdleCheckMillis >= 1000) {
                        lastIdleCheckMillis = now;
                        AbstractIoSession.notifyIdleness(getListeners().getManagedSessions().values().iterator(), now);
                    }
                    synchronized (loopLock) {
                        if (bound.isEmpty() && bindRequests.isEmpty() && unbindRequests.isEmpty()) {
                            loopRunning = false;
                            if (isDisposing()) {
                                closeSelector();
                            }
                            return;
                        }
                    }
                } catch (ClosedSelectorException e) {
                    ExceptionMonitor.getInstance().exceptionCaught(e);
                    synchronized (loopLock) {
                        loopRunning = false;
                    }
                    return;
                } catch (Exception e) {
                    ExceptionMonitor.getInstance().exceptionCaught(e);
                    // As MINA's loop: an unexpected failure must not turn into a busy loop.
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        } catch (InterruptedException e) {
            synchronized (loopLock) {
                loopRunning = false;
            }
            Thread.currentThread().interrupt();
        } finally {
            loopThread.compareAndSet(self, null); // a loop started after this one returned keeps its own
        }
    }

    /** Polls the selector, handing each ready key to {@code action}; a seam for tests. */
    protected int select(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
        return selector.select(action, timeoutMillis);
    }

    /** Receives one datagram, or returns null when none is queued; a seam for tests. */
    protected SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        return channel.receive(buffer);
    }

    /** Wakes the loop from another thread; a seam for tests. */
    protected void wakeup() {
        selector.wakeup();
    }

    private void onReady(SelectionKey key) {
        BoundChannel channel = (BoundChannel) key.attachment();
        try {
            if (key.isValid() && key.isReadable()) {
                readBatch(channel);
            }
            if (key.isValid() && key.isWritable()) {
                for (IoSession session : getListeners().getManagedSessions().values()) {
                    if (session instanceof DatagramPeerSession peer && peer.bound() == channel) {
                        scheduleFlush(peer);
                    }
                }
            }
        } catch (Exception e) {
            ExceptionMonitor.getInstance().exceptionCaught(e);
        }
    }

    private void readBatch(BoundChannel channel) throws Exception {
        for (int read = 0; read < datagramsPerRead; read++) {
            boolean followUp = read > 0;
            if (followUp && productiveScore < SKIP_BELOW && ++followUps % PROBE_EVERY != 0) {
                return; // the socket was most likely emptied by the datagram just read
            }
            IoBuffer buffer = readBuffer();
            SocketAddress source = receive(channel.channel, buffer.buf());
            if (followUp) {
                productiveScore += source != null ? (SCORE_ONE - productiveScore) >> 3 : -(productiveScore >> 3);
            }
            if (source == null) {
                return;
            }
            buffer.flip();
            IoSession session = sessionFor(source, channel);
            if (session != null && !session.isReadSuspended()) {
                session.getFilterChain().fireMessageReceived(buffer);
            }
            if (!channel.key.isValid()) {
                return;
            }
        }
    }

    private IoBuffer readBuffer() {
        int size = getSessionConfig().getReadBufferSize();
        if (!reuseReadBuffer) {
            return IoBuffer.allocate(size);
        }
        if (readBuffer == null || readBuffer.capacity() != size) {
            // Direct: the JDK receives straight into it, without its temporary buffer and a copy.
            readBuffer = IoBuffer.wrap(ByteBuffer.allocateDirect(size));
        }
        return readBuffer.clear();
    }

    /** The peer's session from the recycler, or a new one; called under the recycler's lock, as MINA does. */
    private IoSession sessionFor(SocketAddress source, BoundChannel channel) {
        IoSessionRecycler sessions = getSessionRecycler();
        DatagramPeerSession created;
        synchronized (sessions) {
            IoSession session = sessions.recycle(source, channel.localAddress.getPort());
            if (session != null) {
                return session;
            }
            created = new DatagramPeerSession(this, channel, (InetSocketAddress) source);
            sessions.put(created);
        }
        initSession(created, null, null);
        try {
            getFilterChainBuilder().buildFilterChain(created.getFilterChain());
            getListeners().fireSessionCreated(created);
        } catch (Exception e) {
            ExceptionMonitor.getInstance().exceptionCaught(e);
        }
        return created;
    }

    private void openRequested() {
        for (AcceptorOperationFuture request; (request = bindRequests.poll()) != null; ) {
            List<BoundChannel> opened = new ArrayList<>();
            try {
                for (SocketAddress address : request.getLocalAddresses()) {
                    opened.add(open(address));
                }
                for (BoundChannel channel : opened) {
                    bound.put(channel.localAddress, channel);
                }
                getListeners().fireServiceActivated();
                request.setDone();
            } catch (Exception e) {
                for (BoundChannel channel : opened) {
                    channel.close();
                }
                dropCancelledKeys();
                request.setException(e);
            }
        }
    }

    private BoundChannel open(SocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            new DatagramPeerSession.ChannelConfig(channel).setAll(getSessionConfig());
            channel.configureBlocking(false);
            try {
                channel.bind(address);
            } catch (IOException e) {
                throw new IOException("Error while binding on " + address, e);
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            BoundChannel opened = new BoundChannel(channel, (InetSocketAddress) channel.getLocalAddress(), key);
            key.attach(opened);
            return opened;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void closeRequested() {
        for (AcceptorOperationFuture request; (request = unbindRequests.poll()) != null; ) {
            for (SocketAddress address : request.getLocalAddresses()) {
                BoundChannel channel = bound.remove(address);
                if (channel != null) {
                    channel.close();
                }
            }
            dropCancelledKeys();
            request.setDone();
        }
    }

    /**
     * The JDK closes a registered channel's socket only once the selector has dropped its
     * cancelled key, at the next poll: polls now, so that the port is free when unbind returns.
     * Whatever is ready stays ready (level-triggered) and is read on the next pass.
     */
    private void dropCancelledKeys() {
        try {
            selector.selectNow(key -> { });
        } catch (IOException e) {
            ExceptionMonitor.getInstance().exceptionCaught(e);
        }
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (IOException e) {
            ExceptionMonitor.getInstance().exceptionCaught(e);
        }
    }

    // ---- writes (IoProcessor)

    private boolean scheduleFlush(DatagramPeerSession session) {
        if (session.setScheduledForFlush(true)) {
            flushQueue.add(session);
            return true;
        }
        return false;
    }

    private void flushQueued(long now) {
        for (DatagramPeerSession session; (session = flushQueue.poll()) != null; ) {
            session.unscheduledForFlush();
            try {
                if (!flushNow(session, now)) {
                    continue; // the socket is full: it is flushed again once writable
                }
                if (!session.getWriteRequestQueue().isEmpty(session)) {
                    scheduleFlush(session); // the per-pass bound was reached
                }
            } catch (Exception e) {
                session.getFilterChain().fireExceptionCaught(e);
            }
        }
    }

    /**
     * Sends what the session has queued, as much as one pass may (1.5 times the read buffer size,
     * as MINA bounds it).
     *
     * @return false when the socket refused a datagram (write interest is then set)
     */
    private boolean flushNow(DatagramPeerSession session, long now) throws Exception {
        int budget = session.getConfig().getMaxReadBufferSize() + (session.getConfig().getMaxReadBufferSize() >>> 1);
        int written = 0;
        try {
            while (written < budget) {
                WriteRequest request = session.getCurrentWriteRequest();
                if (request == null) {
                    request = session.getWriteRequestQueue().poll(session);
                    if (request == null) {
                        setWriteInterest(session, false);
                        return true;
                    }
                    session.setCurrentWriteRequest(request);
                }
                IoBuffer buffer = (IoBuffer) request.getMessage();
                int sent = buffer.hasRemaining() ? send(session, buffer, request) : -1;
                if (sent == 0) {
                    setWriteInterest(session, true);
                    return false;
                }
                written += Math.max(sent, 0);
                session.setCurrentWriteRequest(null);
                session.getFilterChain().fireMessageSent(request);
            }
            return true;
        } finally {
            session.increaseWrittenBytes(written, now);
        }
    }

    /** Called by MINA's chain for a write when the session has nothing queued: sends at once. */
    @Override
    public void write(DatagramPeerSession session, WriteRequest request) {
        IoBuffer buffer = (IoBuffer) request.getMessage();
        if (!buffer.hasRemaining()) {
            session.setCurrentWriteRequest(null);
            session.getFilterChain().fireMessageSent(request);
            return;
        }
        int sent = 0;
        try {
            sent = send(session, buffer, request);
            if (sent == 0) {
                // The socket's send buffer is full: queue it, and write it once the socket is writable.
                setWriteInterest(session, true);
                session.getWriteRequestQueue().offer(session, request);
                if (scheduleFlush(session) && Thread.currentThread() != loopThread.get()) {
                    wakeup(); // so that the write interest is polled for now, not after a timeout
                }
                return;
            }
            session.getFilterChain().fireMessageSent(request);
        } catch (Exception e) {
            request.getFuture().setException(e);
            session.getFilterChain().fireExceptionCaught(e);
        } finally {
            if (sent > 0) {
                session.increaseWrittenBytes(sent, System.currentTimeMillis());
            }
        }
    }

    private static int send(DatagramPeerSession session, IoBuffer buffer, WriteRequest request) throws IOException {
        SocketAddress destination = request.getDestination();
        return session.bound().channel.send(buffer.buf(), destination != null ? destination : session.getRemoteAddress());
    }

    private static void setWriteInterest(DatagramPeerSession session, boolean interested) {
        SelectionKey key = session.bound().key;
        if (!key.isValid()) {
            return;
        }
        int ops = key.interestOps();
        int wanted = interested ? ops | SelectionKey.OP_WRITE : ops & ~SelectionKey.OP_WRITE;
        if (wanted != ops) {
            key.interestOps(wanted);
        }
    }

    /** Called by MINA's chain when a write finds others queued: they go out in order, from the loop. */
    @Override
    public void flush(DatagramPeerSession session) {
        if (scheduleFlush(session) && Thread.currentThread() != loopThread.get()) {
            wakeup();
        }
    }

    @Override
    public void add(DatagramPeerSession session) {
        // Sessions are made by the loop itself.
    }

    @Override
    public void remove(DatagramPeerSession session) {
        getSessionRecycler().remove(session);
        getListeners().fireSessionDestroyed(session);
    }

    @Override
    public void updateTrafficControl(DatagramPeerSession session) {
        // As MINA's datagram acceptor: reads are never suspended at the socket, which is shared.
    }

    // ---- the acceptor (IoAcceptor, DatagramAcceptor)

    @Override
    protected Set<SocketAddress> bindInternal(List<? extends SocketAddress> localAddresses) throws Exception {
        AcceptorOperationFuture request = new AcceptorOperationFuture(localAddresses);
        bindRequests.add(request);
        startLoop();
        wakeup();
        request.awaitUninterruptibly();
        if (request.getException() != null) {
            throw request.getException();
        }
        Set<SocketAddress> addresses = new HashSet<>();
        for (BoundChannel channel : bound.values()) {
            addresses.add(channel.localAddress);
        }
        return addresses;
    }

    @Override
    protected void unbind0(List<? extends SocketAddress> localAddresses) throws Exception {
        AcceptorOperationFuture request = new AcceptorOperationFuture(localAddresses);
        unbindRequests.add(request);
        startLoop();
        wakeup();
        request.awaitUninterruptibly();
        if (request.getException() != null) {
            throw request.getException();
        }
    }

    @Override
    protected void dispose0() throws Exception {
        unbind();
        synchronized (loopLock) {
            if (!loopRunning) {
                closeSelector();
                return;
            }
        }
        wakeup(); // the loop closes the selector as it ends
    }

    @Override
    public IoSession newSession(SocketAddress remoteAddress, SocketAddress localAddress) {
        if (isDisposing()) {
            throw new IllegalStateException("The acceptor is being disposed.");
        }
        if (!(remoteAddress instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("remoteAddress must be an InetSocketAddress, was " + remoteAddress);
        }
        synchronized (bindLock) {
            if (!isActive()) {
                throw new IllegalStateException("Can't create a session from a unbound service.");
            }
            BoundChannel channel = bound.get(localAddress);
            if (channel == null) {
                throw new IllegalArgumentException("Unknown local address: " + localAddress);
            }
            return sessionFor(remoteAddress, channel);
        }
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) super.getLocalAddress();
    }

    @Override
    public InetSocketAddress getDefaultLocalAddress() {
        return (InetSocketAddress) super.getDefaultLocalAddress();
    }

    @Override
    public void setDefaultLocalAddress(InetSocketAddress localAddress) {
        setDefaultLocalAddress((SocketAddress) localAddress);
    }

    @Override
    public DatagramSessionConfig getSessionConfig() {
        return (DatagramSessionConfig) sessionConfig;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return METADATA;
    }

    @Override
    public IoSessionRecycler getSessionRecycler() {
        IoSessionRecycler sessions = recycler;
        return sessions != null ? sessions : DefaultRecycler.INSTANCE;
    }

    @Override
    public void setSessionRecycler(IoSessionRecycler sessionRecycler) {
        synchronized (bindLock) {
            if (isActive()) {
                throw new IllegalStateException("sessionRecycler can't be set while the acceptor is bound.");
            }
            this.recycler = sessionRecycler;
        }
    }

    /** MINA's default when none is set: one expiring recycler shared by the JVM, made when first needed. */
    private static final class DefaultRecycler {
        static final IoSessionRecycler INSTANCE = new ExpiringSessionRecycler();
    }

    /** A bound datagram channel with its selection key and the local address it reported. */
    static final class BoundChannel {
        final DatagramChannel channel;
        final InetSocketAddress localAddress;
        final SelectionKey key;

        BoundChannel(DatagramChannel channel, InetSocketAddress localAddress, SelectionKey key) {
            this.channel = channel;
            this.localAddress = localAddress;
            this.key = key;
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException e) {
                ExceptionMonitor.getInstance().exceptionCaught(e);
            }
        }
    }
}
