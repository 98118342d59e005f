package dev.tsserver.client.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.List;

import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.client.tls.TlsChannel;

/**
 * Makes a worker's connections: non-blocking connects on the worker's selector, at most
 * {@value #MAX_PENDING_CONNECTS} under way at once. A name with several addresses ({@code
 * localhost} may be {@code ::1} and {@code 127.0.0.1}) is tried address by address until one
 * accepts. Also starts the connects of {@code --reconnect}; the worker decides when.
 *
 * <p>With {@code --tls} a connection is made when its TLS handshake is done: {@link #start}
 * and {@link #finish} report {@link #PENDING} while it is under way, and the selector's
 * readiness drives it on through {@link #continueHandshake}. So handshakes happen before the
 * measured part (and again on each reconnect). A refused handshake is reported at once, and
 * the server's other addresses are not tried: they would refuse it too.
 */
final class BenchConnector {

    /** {@link #start}/{@link #finish}: connected. */
    static final int CONNECTED = 0;
    /** {@link #start}: under way; the selector reports when it completes. */
    static final int PENDING = 1;
    /** {@link #start}/{@link #finish}: failed; {@link #lastFailure()} says why. */
    static final int FAILED = 2;

    private static final int MAX_PENDING_CONNECTS = 256;
    /**
     * With TLS, connections under way at once per worker. A handshake costs the client a few
     * milliseconds of CPU (far more in a JVM not yet warm): started all together, hundreds
     * would advance in lockstep and many would outlast the server's handshake timeout (10 s).
     */
    private static final int MAX_PENDING_HANDSHAKES = 8;
    private static final long IDLE_SELECT_MILLIS = 100;

    private final BenchSettings settings;
    private final List<InetSocketAddress> servers;
    private final Selector selector;
    private final Tally tally;
    private final LoadClock clock;
    private String lastFailure;
    /** The last failure was the TLS handshake's, not the TCP connect's. */
    private boolean lastFailureTls;

    BenchConnector(BenchSettings settings, Selector selector, Tally tally, LoadClock clock) {
        this.settings = settings;
        this.servers = settings.servers();
        this.selector = selector;
        this.tally = tally;
        this.clock = clock;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** The address {@code c} tries or uses. */
    InetSocketAddress addressOf(BenchConnection c) {
        return servers.get(c.addressIndex);
    }

    /** Moves {@code c} to the server's next address; false when it has tried them all. */
    boolean nextAddress(BenchConnection c) {
        if (c.addressIndex + 1 < servers.size()) {
            c.addressIndex++;
            return true;
        }
        return false;
    }

    /** Connects every connection before the load starts; failures are counted in the tally. */
    void connectAll(BenchConnection[] connections) throws IOException {
        long timeoutNanos = settings.timeout().toNanos();
        int next = 0;
        int pending = 0;
        int maxPending = settings.tls().isPresent() ? MAX_PENDING_HANDSHAKES : MAX_PENDING_CONNECTS;
        long lastProgress = clock.nanoTime();
        while (next < connections.length || pending > 0) {
            while (next < connections.length && pending < maxPending) {
                BenchConnection c = connections[next++];
                if (startInitial(c)) {
                    pending++;
                }
            }
            if (pending == 0) {
                continue;
            }
            selector.select(IDLE_SELECT_MILLIS);
            long now = clock.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                BenchConnection c = (BenchConnection) key.attachment();
                if (!key.isValid() || !(key.isConnectable() || c.handshaking)) {
                    continue;
                }
                int result = key.isConnectable() ? finish(c) : continueHandshake(c);
                lastProgress = now;
                if (result == PENDING) {
                    continue;
                }
                pending--;
                if (result == CONNECTED) {
                    established(c);
                } else if (retryNextAddress(c)) {
                    pending++;
                }
            }
            if (pending > 0 && now - lastProgress > timeoutNanos) {
                for (BenchConnection c : connections) {
                    if (c.handshaking) {
                        lastFailureTls = true;
                        connectFailed(c, "no answer within " + settings.timeout().toMillis() + " ms");
                    } else if (c.key != null && c.key.isValid()
                            && (c.key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                        lastFailureTls = false;
                        connectFailed(c, "connect timed out after " + settings.timeout().toMillis() + " ms");
                    }
                }
                pending = 0;
            }
        }
    }

    /** Returns whether a connect of {@code c} is still under way. */
    private boolean startInitial(BenchConnection c) {
        int result = start(c);
        if (result == CONNECTED) {
            established(c);
            return false;
        }
        return result == PENDING || retryNextAddress(c);
    }

    /** After a failure: tries the next address (true if under way), or counts the failure. */
    private boolean retryNextAddress(BenchConnection c) {
        while (!lastFailureTls && nextAddress(c)) {
            int result = start(c);
            if (result == CONNECTED) {
                established(c);
                return false;
            }
            if (result == PENDING) {
                return true;
            }
        }
        connectFailed(c, lastFailure);
        return false;
    }

    private void established(BenchConnection c) {
        c.open = true;
        tally.connected++;
    }

    private void connectFailed(BenchConnection c, String reason) {
        tally.connectErrors++;
        if (lastFailureTls) {
            String line = "TLS handshake with " + Errors.format(addressOf(c)) + " failed: " + reason;
            tally.error(line);
            if (tally.handshakeFailure == null) {
                tally.handshakeFailure = line;
            }
        } else {
            tally.error("cannot connect to " + Errors.format(addressOf(c)) + ": " + reason);
        }
        if (tally.connectFailure == null) {
            tally.connectFailure = reason;
        }
        close(c);
    }

    /** Starts connecting {@code c} to its current address: {@link #CONNECTED}, {@link #PENDING} or {@link #FAILED}. */
    int start(BenchConnection c) {
        InetSocketAddress server = addressOf(c);
        try {
            if (settings.udp()) {
                DatagramChannel channel = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                c.channel = channel;
                c.io = channel;
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.connect(server);
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                return CONNECTED;
            }
            SocketChannel channel = SocketChannel.open();
            c.channel = channel;
            c.io = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.connectStartNanos = clock.nanoTime();
            if (channel.connect(server)) {
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                return secure(c);
            }
            c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
            return PENDING;
        } catch (IOException e) {
            lastFailure = Errors.describe(e);
            lastFailureTls = false;
            close(c);
            return FAILED;
        }
    }

    /** Completes a connect the selector reported: {@link #CONNECTED} or {@link #FAILED}. */
    int finish(BenchConnection c) {
        try {
            if (((SocketChannel) c.channel).finishConnect()) {
                c.key.interestOps(SelectionKey.OP_READ);
                return secure(c);
            }
            lastFailure = "connect did not complete";
        } catch (IOException e) {
            lastFailure = Errors.describe(e);
        }
        lastFailureTls = false;
        close(c);
        return FAILED;
    }

    /** On a new TCP connection: starts TLS if asked, else it is made. */
    private int secure(BenchConnection c) {
        if (settings.tls().isEmpty()) {
            return CONNECTED;
        }
        c.tls = new TlsChannel((SocketChannel) c.channel,
                settings.tls().get().newEngine(settings.host(), addressOf(c).getPort()));
        c.io = c.tls;
        c.handshaking = true;
        return continueHandshake(c);
    }

    /**
     * Drives {@code c}'s TLS handshake as far as the socket allows: {@link #CONNECTED} when it
     * is done, {@link #PENDING} while it waits for the server, {@link #FAILED} (one-line cause
     * in {@link #lastFailure()}) when it was refused.
     */
    int continueHandshake(BenchConnection c) {
        try {
            if (c.tls.handshake()) {
                c.handshaking = false;
                c.wantsWrite = false;
                c.key.interestOps(SelectionKey.OP_READ);
                return CONNECTED;
            }
            c.key.interestOps(c.tls.wantsWrite() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            return PENDING;
        } catch (IOException | RuntimeException e) {
            lastFailure = e instanceof EOFException ? "the server closed the connection"
                    : ClientTls.describeFailure(e);
            lastFailureTls = true;
            close(c);
            return FAILED;
        }
    }

    /** Releases {@code c}'s channel; it is no longer open. */
    static void close(BenchConnection c) {
        if (c.tls != null) {
            try {
                c.tls.close(); // close_notify, then the socket
            } catch (IOException ignored) {
                // the socket is closed below regardless
            }
            c.tls = null;
        }
        c.handshaking = false;
        c.open = false;
        c.wantsWrite = false;
        c.datagramPending = false;
        if (c.key != null) {
            c.key.cancel();
            c.key = null;
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to report
            }
            c.channel = null;
            c.io = null;
        }
    }
}
