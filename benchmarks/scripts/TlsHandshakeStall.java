import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A flood of TLS handshakes that never finish, against a TLS listener on loopback: each
 * connection sends the first 41 bytes of a ClientHello (a record header announcing 512 bytes,
 * then the handshake header, version and random) and stalls. Prints how many the server closed
 * and when, measured from each connection's own start. Run with the source launcher:
 *
 *   java benchmarks/scripts/TlsHandshakeStall.java PORT CONNECTIONS SECONDS
 *
 * Bounded: at most 5,000 connections, at most 120 s; loopback only; closes all it opened.
 */
public final class TlsHandshakeStall {

    private static final int MAX_CONNECTIONS = 5_000;
    private static final int MAX_SECONDS = 120;

    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int count = Math.min(MAX_CONNECTIONS, Integer.parseInt(args[1]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(MAX_SECONDS, Integer.parseInt(args[2])));
        byte[] partialHello = new byte[41];
        byte[] header = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        System.arraycopy(header, 0, partialHello, 0, header.length);
        Arrays.fill(partialHello, header.length, partialHello.length, (byte) 0x5a); // the "random"
        long[] openedAt = new long[count];
        long[] closedAfter = new long[count];
        Arrays.fill(closedAfter, -1);
        SocketChannel[] channels = new SocketChannel[count];
        int opened = 0;
        int refused = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < count && System.nanoTime() - deadline < 0; i++) {
                try {
                    SocketChannel channel = SocketChannel.open(server);
                    channel.write(ByteBuffer.wrap(partialHello));
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, i);
                    channels[i] = channel;
                    openedAt[i] = System.nanoTime();
                    opened++;
                } catch (IOException e) {
                    refused++;
                }
            }
            long openedAllAt = System.nanoTime();
            System.out.printf("opened %d stalled handshakes (%d refused) in %.1f s%n", opened, refused,
                    (openedAllAt - (opened > 0 ? openedAt[0] : openedAllAt)) / 1e9);
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int closed = 0;
            while (closed < opened && System.nanoTime() - deadline < 0) {
                selector.select(200);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    int read;
                    try {
                        sink.clear();
                        read = channels[i].read(sink);
                    } catch (IOException e) {
                        read = -1; // reset by the server
                    }
                    if (read < 0) {
                        closedAfter[i] = now - openedAt[i];
                        closed++;
                        key.cancel();
                        channels[i].close();
                    }
                }
                selector.selectedKeys().clear();
            }
            long[] times = Arrays.stream(closedAfter).filter(t -> t >= 0).sorted().toArray();
            System.out.printf("closed by the server: %d of %d; still open at the end: %d%n", times.length, opened,
                    opened - times.length);
            if (times.length > 0) {
                System.out.printf("time to close: min %.2f s, median %.2f s, max %.2f s%n", times[0] / 1e9,
                        times[times.length / 2] / 1e9, times[times.length - 1] / 1e9);
            }
        } finally {
            for (SocketChannel channel : channels) {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }
}
