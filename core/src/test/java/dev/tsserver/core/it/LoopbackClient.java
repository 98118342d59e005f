package dev.tsserver.core.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking test client over a real loopback socket; every read has a timeout. */
final class LoopbackClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 5_000;
    private static final int MAX_LINE = 1 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    LoopbackClient(InetSocketAddress server) throws IOException {
        this(server, 0);
    }

    /**
     * A client with a small receive buffer, set before connecting as a real client must: shrunk
     * after the handshake, the buffer can be smaller than one loopback segment (MSS 32 KiB here)
     * and the connection stalls in zero-window probing whatever the server does.
     */
    LoopbackClient(InetSocketAddress server, int receiveBufferSize) throws IOException {
        socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(server, READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    LoopbackClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    LoopbackClient send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The bytes up to the next LF, without it. */
    byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + line.size() + " bytes of a line");
            }
            if (b == '\n') {
                return line.toByteArray();
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE);
            }
            line.write(b);
        }
    }

    String readLineText() throws IOException {
        return new String(readLine(), StandardCharsets.ISO_8859_1);
    }

    byte[] readLengthFrame(int prefix) throws IOException {
        long length = switch (prefix) {
            case 1 -> in.readUnsignedByte();
            case 2 -> in.readUnsignedShort();
            default -> in.readInt() & 0xFFFF_FFFFL;
        };
        byte[] frame = new byte[(int) length];
        in.readFully(frame);
        return frame;
    }

    byte[] readExactly(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** True once the server has closed the connection (EOF or reset) within the read timeout. */
    boolean closedByServer() throws IOException {
        return closedWithin(READ_TIMEOUT_MS);
    }

    /**
     * True if the server closes the connection (EOF or reset) within the window; false if it is
     * still open when the window ends. Reads through the client's buffer, so data the server sent
     * earlier is consumed, not mistaken for a close.
     */
    boolean closedWithin(int millis) throws IOException {
        int saved = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(saved);
            }
        }
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with SO_LINGER 0: the peer sees a reset, not a FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static byte[] lengthFrame(int prefix, byte[] payload) {
        byte[] frame = new byte[prefix + payload.length];
        for (int i = 0; i < prefix; i++) {
            frame[i] = (byte) (payload.length >>> (8 * (prefix - 1 - i)));
        }
        System.arraycopy(payload, 0, frame, prefix, payload.length);
        return frame;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
