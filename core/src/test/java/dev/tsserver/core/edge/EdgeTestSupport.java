package dev.tsserver.core.edge;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.time.TimestampFormat;

/** Loopback servers and raw sockets for the edge tests. */
final class EdgeTestSupport {

    static final String PREFIX = "[0] ";

    private EdgeTestSupport() {
    }

    static TsServerConfig.Builder loopbackServer() {
        return TsServer.builder()
                .host("127.0.0.1")
                .port(0)
                .timeFormat(TimestampFormat.EPOCH)
                .zone(ZoneOffset.UTC)
                .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    /** A socket connected from {@code source} (any 127.x.y.z works on Linux loopback). */
    static Socket connectFrom(String source, InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(server, 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    static void send(Socket socket, String ascii) throws IOException {
        socket.getOutputStream().write(ascii.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    static void send(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    static String readLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new java.io.EOFException("closed after '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    /**
     * How the server ended the connection: the number of bytes it sent before closing (0 for a
     * close without reply), or -1 if it had not closed within the window.
     */
    static int bytesBeforeClose(Socket socket, int windowMillis) throws IOException {
        socket.setSoTimeout(windowMillis);
        int count = 0;
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                count++;
            }
            return count;
        } catch (SocketTimeoutException stillOpen) {
            return -1;
        } catch (IOException reset) {
            return count;
        }
    }

    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
