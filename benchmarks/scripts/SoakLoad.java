import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Soak load for soak.sh, besides `tsclient bench`: connection churn and slow readers against a
 * loopback TS server (line codec). Run with the source launcher:
 *
 *   java SoakLoad.java PORT SECONDS CHURN_THREADS SLOW_READERS
 *
 * Churn threads connect, send 1-20 lines, read the replies, then close or reset (every third
 * connection ends with a reset). Slow readers send 200 lines per second and read about 2 KB per
 * second, so their replies back up in the server; each reconnects after 30 s. Every loop is
 * bounded by SECONDS; only loopback addresses are used. Prints one summary line at the end.
 */
public final class SoakLoad {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        int churners = Integer.parseInt(args[2]);
        int slowReaders = Integer.parseInt(args[3]);
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        AtomicLong connections = new AtomicLong();
        AtomicLong replies = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Thread[] threads = new Thread[churners + slowReaders];
        for (int i = 0; i < threads.length; i++) {
            boolean slow = i >= churners;
            threads[i] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        connections.incrementAndGet();
                        replies.addAndGet(slow ? slowReader(server, end) : churn(server));
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    }
                }
            }, slow ? "slow-" + i : "churn-" + i);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("soak load: %d connections, %d replies read, %d failed connections%n",
                connections.get(), replies.get(), failures.get());
    }

    private static long churn(InetSocketAddress server) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Socket socket = new Socket()) {
            socket.connect(server, 5_000);
            socket.setSoTimeout(10_000);
            int lines = 1 + random.nextInt(20);
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                batch.append("churn ").append(i).append(' ').append("x".repeat(random.nextInt(200))).append('\n');
            }
            socket.getOutputStream().write(batch.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            int seen = 0;
            while (seen < lines) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed after " + seen + " of " + lines + " replies");
                }
                if (b == '\n') {
                    seen++;
                }
            }
            if (random.nextInt(3) == 0) {
                socket.setSoLinger(true, 0); // end with a reset
            }
            return seen;
        }
    }

    private static long slowReader(InetSocketAddress server, long end) throws IOException {
        long until = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        long replyBytes = 0;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(server, 5_000);
            socket.setSoTimeout(100);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] twentyLines = "slow reader line .................................\n".repeat(20)
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[200];
            while (System.nanoTime() < until) {
                out.write(twentyLines); // blocks once the server holds this peer's input back
                try {
                    int n = in.read(chunk);
                    if (n < 0) {
                        break;
                    }
                    replyBytes += n;
                } catch (java.net.SocketTimeoutException nothingYet) {
                    // read again next round
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        return replyBytes / 60; // about one reply per 60 bytes
    }
}
