package dev.tsserver.client.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.client.tls.HandshakeGate;
import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.wire.ReplyPrefix;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoConnector;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.transport.socket.DatagramSessionConfig;
import org.apache.mina.transport.socket.nio.NioDatagramConnector;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation with a TS server over MINA's connectors, framed by the same codecs the
 * server uses. Messages go out with {@link #send(byte[])}; replies come back in order from
 * {@link #awaitReply(Duration)} as the bytes {@code [TIMESTAMP] payload}, without framing.
 *
 * <pre>{@code
 * try (TsConnection connection = TsConnection.open(settings)) {
 *     connection.send("hello".getBytes(UTF_8));
 *     byte[] reply = connection.awaitReply(settings.timeout());
 * }
 * }</pre>
 *
 * <p>{@code send} may be called from one thread while another waits for replies. Not for use
 * on a MINA I/O thread.
 */
public final class TsConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TsConnection.class);
    /** Room for {@code [TIMESTAMP] } on top of the largest message: replies are that much longer. */
    public static final int REPLY_PREFIX_ALLOWANCE = ReplyPrefix.MAX_LENGTH;
    /** Above the largest UDP payload, so no reply datagram is truncated (MINA's default is 2048). */
    static final int DATAGRAM_READ_BUFFER = 65_536;
    /** Replies received but not yet taken before the server counts as flooding. */
    private static final int MAX_UNCLAIMED_REPLIES = 4096;
    /** Longest error detail shown to users, in characters. */
    private static final int MAX_REASON = 200;

    private final ConnectionSettings settings;
    private final IoConnector connector;
    private final IoSession session;
    private final ReplyCollector replies;
    private final RawReplyDecoder rawReplies;
    /** Messages sent; written by the sending thread, read for error messages. */
    private volatile long sent;

    private TsConnection(ConnectionSettings settings, IoConnector connector, IoSession session,
                         ReplyCollector replies, RawReplyDecoder rawReplies) {
        this.settings = settings;
        this.connector = connector;
        this.session = session;
        this.replies = replies;
        this.rawReplies = rawReplies;
    }

    /**
     * Connects, trying each address the host resolves to in turn ({@code localhost} may be
     * {@code 127.0.0.1} and {@code ::1}) until one answers; all of them share the timeout. If none
     * does, the first address's failure is reported.
     *
     * @throws ConnectFailedException with {@code cannot connect to HOST:PORT: REASON}
     */
    public static TsConnection open(ConnectionSettings settings) throws ConnectFailedException {
        return open(settings, settings.timeout());
    }

    /**
     * As {@link #open(ConnectionSettings)}, with {@code connectTimeout} for connecting instead of
     * the settings' timeout (which still bounds each reply): for reconnecting within a budget.
     */
    public static TsConnection open(ConnectionSettings settings, Duration connectTimeout)
            throws ConnectFailedException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(settings.host());
        } catch (UnknownHostException e) {
            throw new ConnectFailedException(settings.peer(), "unknown host", e);
        }
        ReplyCollector replies = new ReplyCollector(MAX_UNCLAIMED_REPLIES);
        RawReplyDecoder rawReplies = settings.matchesRepliesToMessages() ? new RawReplyDecoder(settings.protocol()) : null;
        IoConnector connector = newConnector(settings, replies, rawReplies);
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        try {
            ConnectFailedException firstFailure = null;
            for (InetAddress address : addresses) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0 && firstFailure != null) {
                    break;
                }
                connector.setConnectTimeoutMillis(Math.max(1, remainingMillis));
                try {
                    IoSession session = connect(connector, new InetSocketAddress(address, settings.port()), settings,
                            connectTimeout);
                    LOG.debug("connected to {} from {}", session.getRemoteAddress(), session.getLocalAddress());
                    if (settings.tls().isPresent()) {
                        awaitHandshake(session, settings, deadline);
                    }
                    return new TsConnection(settings, connector, session, replies, rawReplies);
                } catch (ConnectFailedException e) {
                    if (e.tlsHandshake()) {
                        throw e;
                    }
                    LOG.debug("cannot connect to {}", address, e);
                    if (firstFailure == null) {
                        firstFailure = e;
                    }
                }
            }
            throw firstFailure;
        } catch (ConnectFailedException | RuntimeException e) {
            connector.dispose(true);
            throw e;
        }
    }

    private static IoConnector newConnector(ConnectionSettings settings, ReplyCollector replies,
                                            RawReplyDecoder rawReplies) {
        IoConnector connector;
        if (settings.transport() == ClientTransport.UDP) {
            NioDatagramConnector datagrams = new NioDatagramConnector(1);
            DatagramSessionConfig config = datagrams.getSessionConfig();
            config.setReadBufferSize(DATAGRAM_READ_BUFFER);
            config.setMinReadBufferSize(DATAGRAM_READ_BUFFER);
            config.setMaxReadBufferSize(DATAGRAM_READ_BUFFER);
            // No codec: a datagram is one message and one reply already.
            connector = datagrams;
        } else {
            NioSocketConnector stream = new NioSocketConnector(1);
            stream.getSessionConfig().setTcpNoDelay(true);
            stream.getFilterChain().addLast("codec", new ProtocolCodecFilter(codecFactory(settings, rawReplies)));
            settings.tls().ifPresent(tls -> tls.install(stream.getFilterChain(), settings.host()));
            connector = stream;
        }
        connector.setHandler(replies);
        return connector;
    }

    /**
     * Waits for the TLS handshake, so a refused certificate is reported at once and as such,
     * rather than as a reply that never came.
     */
    private static void awaitHandshake(IoSession session, ConnectionSettings settings, long deadline)
            throws ConnectFailedException {
        try {
            HandshakeGate.handshake(session).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            session.closeNow();
            throw ConnectFailedException.tlsHandshake(settings.peer(), ClientTls.describeFailure(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            session.closeNow();
            throw ConnectFailedException.tlsHandshake(settings.peer(), "no answer within " + settings.timeoutText(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.closeNow();
            throw ConnectFailedException.tlsHandshake(settings.peer(), "interrupted", e);
        }
    }

    /** The server's codec, with room in the decoder for the timestamp the server adds. */
    private static ProtocolCodecFactory codecFactory(ConnectionSettings settings, RawReplyDecoder rawReplies) {
        CodecSettings server = settings.codecSettings();
        int replyLimit = (int) Math.min(Integer.MAX_VALUE, (long) server.maxFrame() + REPLY_PREFIX_ALLOWANCE);
        ProtocolCodecFactory codec = settings.codecs().newCodecFactory(settings.codec(), server.withMaxFrame(replyLimit));
        if (rawReplies == null) {
            return codec;
        }
        return new ProtocolCodecFactory() {
            @Override
            public ProtocolEncoder getEncoder(IoSession session) throws Exception {
                return codec.getEncoder(session);
            }

            @Override
            public ProtocolDecoder getDecoder(IoSession session) {
                return rawReplies;
            }
        };
    }

    private static IoSession connect(IoConnector connector, InetSocketAddress address, ConnectionSettings settings,
                                     Duration connectTimeout) throws ConnectFailedException {
        ConnectFuture future = connector.connect(address);
        // The connector enforces the timeout itself; the extra second only guards against a hang.
        if (!future.awaitUninterruptibly(connector.getConnectTimeoutMillis() + 1000)) {
            future.cancel();
            throw new ConnectFailedException(settings.peer(), "timed out after "
                    + (connectTimeout.equals(settings.timeout()) ? settings.timeoutText() : connectTimeout.toMillis() + " ms"),
                    null);
        }
        if (!future.isConnected()) {
            Throwable cause = future.getException();
            throw new ConnectFailedException(settings.peer(), reason(cause), cause);
        }
        IoSession session = future.getSession();
        if (session.getConfig() instanceof DatagramSessionConfig datagram) {
            // The handler closes the session on "port unreachable" itself; MINA would log it at
            // ERROR first. Set on the session: the connector's value is not copied to it.
            datagram.setCloseOnPortUnreachable(false);
        }
        return session;
    }

    /** "connection refused", "connection timed out", ... from whatever MINA wrapped it in. */
    static String reason(Throwable failure) {
        if (failure == null) {
            return "connection cancelled";
        }
        Throwable shown = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && !t.getMessage().isBlank()) {
                shown = t;
                break;
            }
        }
        if (shown instanceof PortUnreachableException) {
            return "port unreachable";
        }
        String message = shown.getMessage();
        if (message == null || message.isBlank()) {
            return shown.getClass().getSimpleName();
        }
        // MINA appends a hex dump of the input to decoder errors: unbounded, and no use to a user.
        int dump = message.indexOf("(Hexdump:");
        if (dump >= 0) {
            message = message.substring(0, dump);
        }
        message = message.strip();
        if (message.endsWith(".")) {
            message = message.substring(0, message.length() - 1);
        }
        if (message.length() > MAX_REASON) {
            message = message.substring(0, MAX_REASON) + "...";
        }
        return message.toLowerCase(Locale.ROOT);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Sends one message; returns once it is queued for writing.
     *
     * @throws IllegalArgumentException if the payload cannot go out as exactly one message (see
     *                                  {@link ConnectionSettings#whyUnsendable(byte[])})
     * @throws TsConnectionException    if the connection is already over
     */
    public void send(byte[] payload) throws TsConnectionException {
        Optional<String> problem = settings.whyUnsendable(payload);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        if (!session.isConnected() || session.isClosing()) {
            throw ended();
        }
        if (rawReplies != null) {
            rawReplies.expect(payload);
        }
        sent++;
        session.write(settings.transport() == ClientTransport.UDP ? IoBuffer.wrap(payload) : payload);
    }

    /**
     * The next reply, {@code [TIMESTAMP] payload}, without framing.
     *
     * @throws ReplyTimeoutException      if none arrives within {@code timeout}
     * @throws ConnectionClosedException  if the server closed the connection or broke the protocol
     */
    public byte[] awaitReply(Duration timeout) throws TsConnectionException, InterruptedException {
        Object next = replies.next(timeout);
        if (next == null) {
            String within = settings.timeout().equals(timeout) ? settings.timeoutText() : timeout.toMillis() + " ms";
            long unframed = session.getReadBytes() - replies.readBytesAtLastReply();
            if (settings.transport() == ClientTransport.TCP && unframed > 0) {
                throw new ReplyTimeoutException("no reply from " + settings.peer() + " within " + within + ": "
                        + unframed + " bytes arrived that do not make a whole reply" + MismatchHint.framing(settings));
            }
            throw new ReplyTimeoutException(settings.peer(), within);
        }
        if (next == ReplyCollector.END) {
            throw ended();
        }
        return (byte[]) next;
    }

    /** Whether a reply, or the end of the connection, is waiting to be taken. */
    public boolean replyReady() {
        return replies.hasArrivals();
    }

    private TsConnectionException ended() {
        Throwable failure = replies.failure();
        String peer = settings.peer();
        if (failure == null) {
            boolean unanswered = settings.transport() == ClientTransport.TCP && sent > 0 && replies.count() == 0;
            return new ConnectionClosedException("server " + peer + " closed the connection"
                    + (unanswered ? " before any reply" + MismatchHint.closedEarly(settings) : ""), null);
        }
        if (failure instanceof PortUnreachableException) {
            return new ConnectionClosedException("no reply from " + peer + ": port unreachable", failure);
        }
        if (failure instanceof ProtocolDecoderException) {
            return new ConnectionClosedException("bad reply from " + peer + ": " + reason(failure)
                    + MismatchHint.framing(settings), failure);
        }
        if (failure instanceof ProtocolEncoderException) {
            return new ConnectionClosedException("cannot send to " + peer + ": " + reason(failure), failure);
        }
        if (failure instanceof TsConnectionException own) {
            return new ConnectionClosedException("bad reply from " + peer + ": " + own.getMessage(), failure);
        }
        return new ConnectionClosedException("connection to " + peer + " lost: " + reason(failure), failure);
    }

    /** Closes the connection at once and releases the connector's threads. Idempotent. */
    @Override
    public void close() {
        session.closeNow().awaitUninterruptibly(settings.timeout().toMillis());
        connector.dispose(true);
    }
}
