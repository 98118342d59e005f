package dev.tsserver.client.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS over a non-blocking {@link SocketChannel}, driven by the one thread that owns it (a load
 * worker's selector loop): {@link #handshake()} until it returns true, then {@link #read} and
 * {@link #write} plaintext as with the socket itself, and {@link #close()} sends
 * {@code close_notify}. Nothing here blocks or waits: every method does what the socket allows
 * now and says what it needs next ({@link #wantsWrite()}, {@link #hasBufferedInput()}).
 *
 * <p>Memory is bounded per connection: one TLS record of ciphertext each way and one record of
 * plaintext (about 17 KB each, the engine's packet and application buffer sizes). A write
 * takes only as much plaintext as fits once the pending ciphertext is out, so a slow server
 * pushes back on the caller as a plain socket would. Delegated tasks (certificate checks) run
 * inline on the caller's thread: they are short, and a rejection then surfaces at once as the
 * {@link SSLException} of the handshake step, not on some other thread.
 */
public final class TlsChannel implements ByteChannel {

    /** More steps than any handshake or burst of small records needs; a guard against a spin. */
    private static final int MAX_STEPS = 1024;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel socket;
    private final SSLEngine engine;
    /** Ciphertext read and not yet unwrapped (write mode). */
    private ByteBuffer netIn;
    /** Ciphertext wrapped and not yet written to the socket (write mode). */
    private ByteBuffer netOut;
    /** Plaintext unwrapped and not yet handed to the caller (write mode). */
    private ByteBuffer appIn;
    /** The last unwrap needed more ciphertext than {@link #netIn} holds. */
    private boolean needsMoreCiphertext = true;
    private boolean handshakeStarted;
    private boolean handshakeDone;
    private boolean inboundDone;
    private boolean closed;

    /**
     * @param socket a connected socket channel, non-blocking
     * @param engine a client-mode engine, its handshake not begun
     */
    public TlsChannel(SocketChannel socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Advances the handshake as far as the socket allows without waiting.
     *
     * @return true once the handshake is complete; false when it waits for the server (read) or
     *         for room in the socket ({@link #wantsWrite()})
     * @throws SSLException on a failed handshake (an untrusted certificate, an alert from the server)
     * @throws EOFException when the server closes the connection during the handshake
     */
    public boolean handshake() throws IOException {
        if (handshakeDone) {
            return true;
        }
        if (!handshakeStarted) {
            engine.beginHandshake();
            handshakeStarted = true;
        }
        for (int step = 0; step < MAX_STEPS; step++) {
            if (!flushCiphertext()) {
                return false;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> runDelegatedTasks();
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrap();
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the server closed the TLS session during the handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int read = readCiphertext();
                        if (read < 0) {
                            throw new EOFException("the server closed the connection during the handshake");
                        }
                        if (read == 0) {
                            return false;
                        }
                    }
                }
                default -> { // NOT_HANDSHAKING or FINISHED
                    handshakeDone = true;
                    flushCiphertext();
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the handshake has completed. */
    public boolean handshakeDone() {
        return handshakeDone;
    }

    /** Whether ciphertext waits for room in the socket: the caller should ask for writability. */
    public boolean wantsWrite() {
        return netOut.position() > 0;
    }

    /**
     * Whether {@link #readBuffered} can deliver plaintext (or at least unwrap a record) without
     * the socket: the selector will not report it, so the caller must keep reading.
     */
    public boolean hasBufferedInput() {
        return appIn.position() > 0 || (netIn.position() > 0 && !needsMoreCiphertext && !inboundDone);
    }

    /**
     * Reads plaintext into {@code dst}, reading the socket at most once.
     *
     * @return bytes delivered, 0 if none are available yet, -1 once the server has closed
     *         (with or without {@code close_notify}) and everything before it was delivered
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, true);
    }

    /** Like {@link #read} but without touching the socket: only what is already buffered. */
    public int readBuffered(ByteBuffer dst) throws IOException {
        return read(dst, false);
    }

    private int read(ByteBuffer dst, boolean mayReadSocket) throws IOException {
        int delivered = deliver(dst);
        if (delivered > 0 || !dst.hasRemaining()) {
            return delivered;
        }
        boolean socketRead = !mayReadSocket;
        for (int step = 0; step < MAX_STEPS && !inboundDone; step++) {
            SSLEngineResult result = unwrap();
            followHandshake();
            if (appIn.position() > 0) {
                return deliver(dst);
            }
            SSLEngineResult.Status status = result.getStatus();
            if (status == SSLEngineResult.Status.CLOSED) {
                inboundDone = true; // the server's close_notify
            } else if (status == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                // appIn is empty here, so it is smaller than a record: grow to the engine's size.
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
            } else if (status == SSLEngineResult.Status.OK && result.bytesConsumed() > 0) {
                continue; // a record without application data, e.g. a TLS 1.3 session ticket
            } else if (socketRead) {
                return 0;
            } else {
                socketRead = true;
                int read = readCiphertext();
                if (read < 0) {
                    inboundDone = true; // closed without close_notify: still the end
                } else if (read == 0) {
                    return 0;
                }
            }
        }
        return inboundDone ? -1 : 0;
    }

    /**
     * Encrypts as much of {@code src} as fits once pending ciphertext is out, and writes it.
     *
     * @return plaintext bytes taken from {@code src}; 0 when the socket is full (ask for
     *         writability, {@link #wantsWrite()}); an empty {@code src} just flushes
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new IOException("TLS channel closed");
        }
        int taken = 0;
        for (int step = 0; step < MAX_STEPS; step++) {
            if (!flushCiphertext() || !src.hasRemaining()) {
                break;
            }
            int before = src.position();
            SSLEngineResult result = wrap(src);
            taken += src.position() - before;
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new IOException("TLS session closed");
            }
        }
        flushCiphertext();
        return taken;
    }

    @Override
    public boolean isOpen() {
        return !closed && socket.isOpen();
    }

    /**
     * Sends {@code close_notify} if the socket takes it now (it nearly always has room for a
     * 24-byte record), then closes the socket. Never waits for the server's reply alert.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (handshakeStarted && socket.isOpen()) {
                engine.closeOutbound();
                for (int step = 0; step < 4 && !engine.isOutboundDone(); step++) {
                    if (wrap(NOTHING).getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        break;
                    }
                }
                flushCiphertext();
            }
        } catch (IOException e) {
            // the server may already be gone: closing is all that is left
        } finally {
            socket.close();
        }
    }

    // ---- engine steps ----

    private SSLEngineResult wrap(ByteBuffer src) throws IOException {
        SSLEngineResult result = engine.wrap(src, netOut);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && netOut.position() == 0) {
            netOut = grow(netOut, engine.getSession().getPacketBufferSize());
        }
        return result;
    }

    private SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        needsMoreCiphertext = result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW;
        if (needsMoreCiphertext && !netIn.hasRemaining()) {
            // A record larger than the buffer: only if the session's packet size grew.
            netIn = grow(netIn, engine.getSession().getPacketBufferSize() + netIn.capacity());
        }
        return result;
    }

    /** After the handshake: a TLS 1.3 key update or a renegotiation may need tasks or a reply. */
    private void followHandshake() throws IOException {
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                if (wrap(NOTHING).getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !flushCiphertext()) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---- socket I/O ----

    /** Writes pending ciphertext; true when none is left. */
    private boolean flushCiphertext() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        try {
            socket.write(netOut);
        } finally {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    private int readCiphertext() throws IOException {
        int read = socket.read(netIn);
        if (read > 0) {
            needsMoreCiphertext = false;
        }
        return read;
    }

    private int deliver(ByteBuffer dst) {
        if (appIn.position() == 0) {
            return 0;
        }
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        ByteBuffer slice = appIn.slice();
        slice.limit(n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        appIn.compact();
        return n;
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity()));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }
}
