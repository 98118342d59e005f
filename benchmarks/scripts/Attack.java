import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hostile clients of docs/reliability.md, against a TS server on loopback (line codec unless
 * said otherwise). Run with the source launcher:
 *
 *   java Attack.java slow-readers PORT PEERS SECONDS   peers send 64 KiB of empty lines again and
 *                                                       again and never read; a polite client
 *                                                       measures its round trips meanwhile
 *   java Attack.java garbage PORT CONNECTIONS          each connection sends a 4-byte length
 *                                                       prefix of 4 GiB (server: --codec length)
 *   java Attack.java trickle PORT PEERS SECONDS        each peer sends one byte every 3 s, never
 *                                                       a newline (slowloris); prints how many the
 *                                                       server has closed
 *
 * Bounded in peers and time; loopback only.
 */
public final class Attack {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        switch (mode) {
            case "slow-readers" -> slowReaders(server, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "garbage" -> garbage(server, Integer.parseInt(args[2]));
            case "trickle" -> trickle(server, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    private static void slowReaders(InetSocketAddress server, int peers, int seconds) throws Exception {
        // The polite client is connected and answered before the peers arrive: its round trips
        // then measure the slow readers' effect, not how long the server takes to accept 1,000
        // connections (which its first ping would otherwise wait for).
        Socket socket = new Socket(server.getAddress(), server.getPort());
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
        in.readLine();
        long connecting = System.nanoTime();
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.connect(server);
            channel.configureBlocking(false);
            channels.add(channel);
        }
        System.out.printf("peers: %d connected in %.1f s%n", peers, (System.nanoTime() - connecting) / 1e9);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread flood = new Thread(() -> {
            ByteBuffer emptyLines = ByteBuffer.allocateDirect(64 * 1024);
            while (emptyLines.hasRemaining()) {
                emptyLines.put((byte) '\n');
            }
            long total = 0;
            try {
                while (System.nanoTime() < end) {
                    long round = 0;
                    for (SocketChannel channel : channels) {
                        emptyLines.clear();
                        round += channel.write(emptyLines);
                    }
                    total += round;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(round == 0 ? 20 : 5));
                }
            } catch (IOException e) {
                System.out.println("flood: a peer was closed: " + e);
            }
            System.out.println("flood: " + (total >> 20) + " MB written by " + peers + " peers");
        });
        flood.start();
        List<Long> roundTrips = new ArrayList<>();
        long pingsFrom = System.nanoTime();
        int slowShown = 0;
        try (socket) {
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
                if (in.readLine() == null) {
                    System.out.println("polite: closed by the server");
                    break;
                }
                long roundTrip = System.nanoTime() - started;
                roundTrips.add(roundTrip);
                if (roundTrip > TimeUnit.MILLISECONDS.toNanos(100) && slowShown++ < 20) {
                    // when in the run the slow ones happen: while the peers fill up, or throughout
                    System.out.printf("polite: %.0f ms round trip at %.1f s%n", roundTrip / 1e6,
                            (started - pingsFrom) / 1e9);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        flood.join();
        long[] sorted = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length > 0) {
            System.out.printf("polite: %d round trips, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", sorted.length,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }

    private static void garbage(InetSocketAddress server, int connections) throws IOException {
        byte[] hugeLength = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        int closed = 0;
        for (int i = 0; i < connections; i++) {
            try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(hugeLength);
                if (socket.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (IOException reset) {
                closed++;
            }
        }
        System.out.println("garbage: " + closed + " of " + connections + " connections closed by the server");
    }

    private static void trickle(InetSocketAddress server, int peers, int seconds) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            Socket socket = new Socket(server.getAddress(), server.getPort());
            socket.setSoTimeout(1);
            sockets.add(socket);
        }
        long started = System.nanoTime();
        long end = started + TimeUnit.SECONDS.toNanos(seconds);
        boolean[] closed = new boolean[peers];
        long[] closedAfter = new long[peers];
        while (System.nanoTime() < end) {
            for (int i = 0; i < peers; i++) {
                if (closed[i]) {
                    continue;
                }
                try {
                    sockets.get(i).getOutputStream().write('x');
                    if (sockets.get(i).getInputStream().read() < 0) {
                        throw new IOException("end of stream");
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // expected while the server keeps it
                } catch (IOException e) {
                    closed[i] = true;
                    closedAfter[i] = System.nanoTime() - started;
                }
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        }
        long[] times = Arrays.stream(closedAfter).filter(t -> t > 0).sorted().toArray();
        System.out.printf("trickle: %d of %d peers closed by the server within %d s%s%n", times.length, peers, seconds,
                times.length == 0 ? "" : String.format(", the first after %.1f s, the last after %.1f s",
                        times[0] / 1e9, times[times.length - 1] / 1e9));
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
