package dev.tsserver.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy that cuts connections: each of the first {@code connectionsToCut}
 * connections is closed, both ways, once exactly {@code cutAfterReplyBytes} bytes have gone from
 * the server to the client. Later connections pass everything. Real sockets, daemon threads,
 * everything closed by {@link #close()}.
 */
public final class CuttingProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final long cutAfterReplyBytes;
    private final int connectionsToCut;
    private final ServerSocket listener;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public CuttingProxy(InetSocketAddress target, long cutAfterReplyBytes, int connectionsToCut) throws IOException {
        this.target = target;
        this.cutAfterReplyBytes = cutAfterReplyBytes;
        this.connectionsToCut = connectionsToCut;
        this.listener = new ServerSocket(0, 200, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptAll, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections cut so far. */
    public int cut() {
        return cut.get();
    }

    private void acceptAll() {
        try {
            while (true) {
                Socket client = listener.accept();
                int number = accepted.incrementAndGet();
                Socket server;
                try {
                    server = new Socket(target.getAddress(), target.getPort());
                } catch (IOException e) {
                    closeQuietly(client); // the server is gone: the client sees the connection end
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                long limit = number <= connectionsToCut ? cutAfterReplyBytes : Long.MAX_VALUE;
                pump(client, server, Long.MAX_VALUE, "up-" + number);
                pump(server, client, limit, "down-" + number);
            }
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    private void pump(Socket from, Socket to, long limit, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long forwarded = 0;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (forwarded < limit) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - forwarded));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    forwarded += n;
                }
                if (forwarded >= limit) {
                    cut.incrementAndGet();
                }
            } catch (IOException e) {
                // one side went away; close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
