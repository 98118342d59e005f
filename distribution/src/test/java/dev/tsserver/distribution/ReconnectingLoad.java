package dev.tsserver.distribution;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proof's client: a steady pipelined load of timestamp-protocol lines over several
 * connections, each bound to its own source address so the servers behind the balancer can be
 * checked for it. Every message is unique; a reply must be {@code [TIMESTAMP] message} for the
 * oldest unanswered message of its connection. When a connection ends with messages unanswered,
 * it connects again (backoff 50 ms doubling to 1 s, giving up after an outage of
 * {@code OUTAGE_LIMIT_MS}) and sends exactly those again, in order (at-least-once, as
 * {@code tsclient --reconnect}). Some connections are renewed every {@code lifetime} after a
 * clean drain, as long-running clients do, so a restarted instance gets new connections; the
 * others live until a server closes them, so a stop always ends some connection mid-load.
 */
final class ReconnectingLoad implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 5_000;
    private static final long OUTAGE_LIMIT_MS = 30_000;
    private static final int MAX_REPLY = 1_024;

    private final InetSocketAddress front;
    private final InetAddress source;
    private final int pipeline;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopSending;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong longestGapMillis = new AtomicLong();
    final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param renewing  connections renewed every {@code lifetimeMillis}
     * @param longLived connections that stay until the server ends them
     */
    ReconnectingLoad(InetSocketAddress front, InetAddress source, int renewing, int longLived, int pipeline,
                     long lifetimeMillis) {
        this.front = front;
        this.source = source;
        this.pipeline = pipeline;
        long lifetimeNanos = TimeUnit.MILLISECONDS.toNanos(lifetimeMillis);
        for (int c = 0; c < renewing + longLived; c++) {
            int id = c;
            long lifetime = c < renewing ? lifetimeNanos : Long.MAX_VALUE;
            Thread thread = new Thread(() -> run(id, lifetime), "load-" + c);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    ReconnectingLoad start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** Stops sending new messages and waits until every sent one is answered (or given up). */
    boolean finish(long timeoutMillis) throws InterruptedException {
        stopSending = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
        stopSending = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    private void run(int id, long lifetimeNanos) {
        ArrayDeque<String> outstanding = new ArrayDeque<>();
        long next = 0;
        long lastReply = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            Socket socket;
            try {
                socket = connect(lastReply);
            } catch (IOException | InterruptedException gaveUp) {
                unanswered.addAndGet(outstanding.size());
                failures.add("connection " + id + " gave up: " + gaveUp);
                return;
            }
            long openedAt = System.nanoTime();
            try (socket) {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8_192);
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
                if (!outstanding.isEmpty()) {
                    for (String message : outstanding) {
                        out.write(line(message));
                    }
                    out.flush();
                    resent.addAndGet(outstanding.size());
                }
                while (true) {
                    boolean renew = System.nanoTime() - openedAt > lifetimeNanos;
                    if (!stopSending && !renew) {
                        while (outstanding.size() < pipeline) {
                            String message = id + "-" + next++;
                            outstanding.addLast(message);
                            out.write(line(message));
                            sent.incrementAndGet();
                        }
                        out.flush();
                    } else if (outstanding.isEmpty()) {
                        break; // drained: a clean close, then a new connection unless stopping
                    }
                    String reply = readLine(in);
                    long now = System.nanoTime();
                    longestGapMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(now - lastReply), Math::max);
                    lastReply = now;
                    String expected = outstanding.peekFirst();
                    if (reply.startsWith("[") && reply.endsWith("] " + expected)) {
                        outstanding.removeFirst();
                        answered.incrementAndGet();
                    } else {
                        invalid.incrementAndGet();
                        failures.add("connection " + id + ": reply '" + reply + "' does not answer '" + expected + "'");
                        return;
                    }
                }
            } catch (IOException endedWithMessagesUnanswered) {
                reconnects.incrementAndGet();
                continue;
            }
            if (stopSending) {
                return;
            }
        }
        unanswered.addAndGet(outstanding.size());
    }

    /** Connects from the source address, again and again with backoff, until the outage limit. */
    private Socket connect(long outageSince) throws IOException, InterruptedException {
        long backoff = 0;
        while (true) {
            Socket socket = new Socket();
            try {
                socket.bind(new InetSocketAddress(source, 0));
                socket.connect(front, READ_TIMEOUT_MS);
                socket.setSoTimeout(READ_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                socket.close();
                if (System.nanoTime() - outageSince > TimeUnit.MILLISECONDS.toNanos(OUTAGE_LIMIT_MS)) {
                    throw e;
                }
            }
            backoff = backoff == 0 ? 50 : Math.min(1_000, backoff * 2);
            Thread.sleep(backoff); // reconnect backoff, not synchronisation
        }
    }

    private static byte[] line(String message) {
        return (message + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("closed");
            }
            if (line.size() >= MAX_REPLY) {
                throw new IOException("reply over " + MAX_REPLY + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
