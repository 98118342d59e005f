package dev.tsserver.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One load-generating thread: a selector over its share of the connections, non-blocking
 * reads and writes, no allocation per message.
 *
 * <p>Closed loop (no rate): each connection keeps {@code pipeline} requests outstanding; a new
 * request is encoded when a reply frees a slot and written as soon as the socket takes it, so
 * the load follows write completion instead of a bare write loop. Fixed rate: requests fall
 * due every {@code 1/rate} seconds, round robin over the connections; a due request waits while
 * its connection has {@code pipeline} requests outstanding, and its latency counts from when it
 * was due, not from when it could be written (the coordinated-omission correction). A request
 * whose connection has no room even to queue it is skipped and counted.
 *
 * <p>Every reply is checked against its request ({@link ReplyCheck}); errors are counted in the
 * worker's {@link Tally}.
 */
final class LoadWorker implements Runnable {

    /** Connects started and not finished, at most, per worker. */
    private static final int MAX_PENDING_CONNECTS = 256;
    /** Smallest read buffer per connection; big enough for many pipelined replies. */
    private static final int MIN_READ_BUFFER = 4096;
    /** Largest write buffer per connection: requests beyond it wait for the socket. */
    private static final int MAX_WRITE_BUFFER = 256 * 1024;
    /** Requests a connection can hold due but unwritten at a fixed rate, beyond its pipeline. */
    static final int RATE_BACKLOG = 1024;
    private static final long IDLE_SELECT_MILLIS = 100;
    private static final long UDP_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final BenchSettings settings;
    private final InetSocketAddress server;
    private final Framing framing;
    private final PayloadPattern payload;
    private final Framing.ReplyFrame frame = new Framing.ReplyFrame();
    private final BenchConnection[] connections;
    private final List<BenchConnection> dirty;
    private final double intervalNanos;
    private final long timeoutNanos;
    private final CountDownLatch connected;
    private final CompletableFuture<Window> start;
    private final Tally tally = new Tally();

    private Selector selector;
    private Window window;
    /** Count mode: measured requests this worker still has to issue. */
    private long quota;
    private long inFlightTotal;
    private long validReplies;
    private long lastProgressNanos;
    private long nextDueNanos;
    private long dueCount;
    private int roundRobin;

    /**
     * @param connectionIds ids of this worker's connections
     * @param quota         count mode: measured messages this worker sends in total
     * @param rate          this worker's share of the total rate; 0 for closed loop
     */
    LoadWorker(BenchSettings settings, int[] connectionIds, long quota, double rate, CountDownLatch connected,
               CompletableFuture<Window> start) {
        this.settings = settings;
        this.server = settings.server();
        this.framing = settings.framing();
        this.payload = new PayloadPattern(settings.size());
        this.quota = quota;
        this.intervalNanos = rate > 0 ? 1e9 / rate : 0;
        this.timeoutNanos = settings.timeout().toNanos();
        this.connected = connected;
        this.start = start;
        int outstandingCapacity = settings.pipeline() + (rate > 0 ? RATE_BACKLOG : 0);
        int request = framing.requestSize();
        int outCapacity = settings.udp() ? Math.max(1, request)
                : (int) Math.max(request, Math.min((long) settings.pipeline() * request, MAX_WRITE_BUFFER));
        int reply = framing.maxReplySize();
        int inCapacity = settings.udp() ? reply + 1
                : (int) Math.max(Math.max(MIN_READ_BUFFER, 2L * reply), Math.min((long) settings.pipeline() * reply,
                        64 * 1024));
        this.connections = new BenchConnection[connectionIds.length];
        for (int i = 0; i < connectionIds.length; i++) {
            connections[i] = new BenchConnection(connectionIds[i], outstandingCapacity, outCapacity, inCapacity);
        }
        this.dirty = new ArrayList<>(connectionIds.length);
    }

    Tally tally() {
        return tally;
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            try {
                connectAll();
            } finally {
                connected.countDown();
            }
            window = awaitStart();
            if (window != null) {
                runLoad();
            }
        } catch (IOException | RuntimeException e) {
            tally.workerFailures++;
            tally.error("load worker failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (BenchConnection c : connections) {
                if (c.open) {
                    tally.unanswered += unansweredOf(c);
                }
                closeQuietly(c);
            }
        }
    }

    private Window awaitStart() throws InterruptedException {
        try {
            return start.get();
        } catch (ExecutionException e) {
            return null;
        }
    }

    // ---- connecting ----

    private void connectAll() throws IOException {
        int next = 0;
        int pending = 0;
        long lastProgress = System.nanoTime();
        while (next < connections.length || pending > 0) {
            while (next < connections.length && pending < MAX_PENDING_CONNECTS) {
                if (startConnect(connections[next++])) {
                    pending++;
                }
            }
            if (pending == 0) {
                continue;
            }
            selector.select(IDLE_SELECT_MILLIS);
            long now = System.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                BenchConnection c = (BenchConnection) key.attachment();
                if (key.isValid() && key.isConnectable()) {
                    pending--;
                    lastProgress = now;
                    finishConnect(c);
                }
            }
            if (pending > 0 && now - lastProgress > timeoutNanos) {
                for (BenchConnection c : connections) {
                    if (c.key != null && c.key.isValid() && (c.key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                        connectFailed(c, "connect timed out after " + settings.timeout().toMillis() + " ms");
                    }
                }
                pending = 0;
            }
        }
    }

    /** Returns whether the connect is still under way. */
    private boolean startConnect(BenchConnection c) {
        try {
            if (settings.udp()) {
                DatagramChannel channel = DatagramChannel.open(server.getAddress() instanceof java.net.Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                c.channel = channel;
                c.io = channel;
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.connect(server);
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                established(c);
                return false;
            }
            SocketChannel channel = SocketChannel.open();
            c.channel = channel;
            c.io = channel;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.connectStartNanos = System.nanoTime();
            if (channel.connect(server)) {
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                established(c);
                return false;
            }
            c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
            return true;
        } catch (IOException e) {
            connectFailed(c, Errors.describe(e));
            return false;
        }
    }

    private void finishConnect(BenchConnection c) {
        try {
            if (((SocketChannel) c.channel).finishConnect()) {
                c.key.interestOps(SelectionKey.OP_READ);
                established(c);
            }
        } catch (IOException e) {
            connectFailed(c, Errors.describe(e));
        }
    }

    private void established(BenchConnection c) {
        c.open = true;
        tally.connected++;
    }

    private void connectFailed(BenchConnection c, String reason) {
        tally.connectErrors++;
        tally.error("cannot connect to " + Errors.format(server) + ": " + reason);
        if (tally.connectFailure == null) {
            tally.connectFailure = reason;
        }
        closeQuietly(c);
    }

    // ---- load ----

    private void runLoad() throws IOException {
        long now = System.nanoTime();
        lastProgressNanos = now;
        nextDueNanos = window.loadStart();
        if (intervalNanos == 0) {
            for (BenchConnection c : connections) {
                fill(c, now);
            }
        }
        long drainDeadline = 0;
        long nextSweep = now + UDP_SWEEP_NANOS;
        while (true) {
            now = System.nanoTime();
            boolean issuing = issuing(now);
            if (intervalNanos > 0 && issuing) {
                scheduleDue(now);
            }
            writeDirty(now);
            if (!issuing) {
                if (drainDeadline == 0) {
                    drainDeadline = now + timeoutNanos;
                }
                if (inFlightTotal == 0 || now - drainDeadline >= 0) {
                    return;
                }
            } else if (settings.countMode() && inFlightTotal > 0 && now - lastProgressNanos > timeoutNanos) {
                tally.error("no reply for " + settings.timeout().toMillis() + " ms: giving up");
                return;
            }
            if (settings.udp() && now - nextSweep >= 0) {
                sweepLostDatagrams(now);
                nextSweep = now + UDP_SWEEP_NANOS;
            }
            select(now, issuing);
            now = System.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                BenchConnection c = (BenchConnection) key.attachment();
                if (!key.isValid() || !c.open) {
                    continue;
                }
                int ready = key.readyOps();
                if ((ready & SelectionKey.OP_READ) != 0) {
                    if (settings.udp()) {
                        readDatagrams(c, now);
                    } else {
                        readStream(c, now);
                    }
                }
                if (c.open && (ready & SelectionKey.OP_WRITE) != 0) {
                    fill(c, now);
                }
            }
            tally.progress = validReplies;
        }
    }

    private void select(long now, boolean issuing) throws IOException {
        long waitNanos;
        if (intervalNanos > 0 && issuing) {
            waitNanos = nextDueNanos - now;
        } else if (now - window.measureStart() < 0) {
            waitNanos = window.measureStart() - now;
        } else if (window.measureEnd() != Window.OPEN_END && issuing) {
            waitNanos = window.measureEnd() - now;
        } else {
            waitNanos = TimeUnit.MILLISECONDS.toNanos(IDLE_SELECT_MILLIS);
        }
        if (settings.udp()) {
            waitNanos = Math.min(waitNanos, UDP_SWEEP_NANOS);
        }
        if (waitNanos >= 1_000_000) {
            selector.select(Math.min(waitNanos / 1_000_000, IDLE_SELECT_MILLIS));
        } else {
            // Due within a millisecond: select(ms) would oversleep, so poll.
            selector.selectNow();
        }
    }

    private boolean issuing(long now) {
        if (settings.countMode()) {
            return now - window.measureStart() < 0 || quota > 0;
        }
        return now - window.measureEnd() < 0;
    }

    /** Fixed rate: hands every request due by {@code now} to the next connection in turn. */
    private void scheduleDue(long now) {
        int n = connections.length;
        while (nextDueNanos - now <= 0) {
            long due = nextDueNanos;
            boolean measured = due - window.measureStart() >= 0;
            if (measured && (settings.countMode() ? quota == 0 : due - window.measureEnd() >= 0)) {
                return;
            }
            BenchConnection target = null;
            for (int tries = 0; tries < n && target == null; tries++) {
                BenchConnection c = connections[roundRobin];
                roundRobin = roundRobin + 1 == n ? 0 : roundRobin + 1;
                if (c.open) {
                    target = c;
                }
            }
            if (target == null) {
                return;
            }
            if (target.outstanding.canSchedule()) {
                target.outstanding.schedule(due, measured);
                if (measured && settings.countMode()) {
                    quota--;
                }
                markDirty(target);
            } else {
                tally.rateSkipped++;
            }
            dueCount++;
            nextDueNanos = window.loadStart() + (long) (dueCount * intervalNanos);
        }
    }

    private void markDirty(BenchConnection c) {
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    private void writeDirty(long now) {
        for (int i = 0; i < dirty.size(); i++) {
            BenchConnection c = dirty.get(i);
            c.dirty = false;
            fill(c, now);
        }
        dirty.clear();
    }

    /** Closed loop: whether a connection may add a request at {@code now}. */
    private boolean mayIssue(long now) {
        return intervalNanos == 0 && issuing(now);
    }

    /** Encodes what the connection may send now and writes as much as the socket takes. */
    private void fill(BenchConnection c, long now) {
        if (!c.open) {
            return;
        }
        if (settings.udp()) {
            fillDatagrams(c, now);
            return;
        }
        Outstanding r = c.outstanding;
        ByteBuffer out = c.out;
        int request = framing.requestSize();
        int pipeline = settings.pipeline();
        while (r.inFlight() < pipeline && out.remaining() >= request) {
            if (r.queued() == 0 && !issueClosedLoop(r, now)) {
                break;
            }
            framing.writeRequest(out, payload, c.seqBase + r.nextUnsentSeq());
            r.markSent(now);
            inFlightTotal++;
        }
        flushStream(c);
    }

    /** Closed loop: schedules one request on {@code r} for now, if the run still issues. */
    private boolean issueClosedLoop(Outstanding r, long now) {
        if (!mayIssue(now)) {
            return false;
        }
        boolean measured = now - window.measureStart() >= 0;
        if (measured && settings.countMode()) {
            quota--;
        }
        r.schedule(now, measured);
        return true;
    }

    private void flushStream(BenchConnection c) {
        ByteBuffer out = c.out;
        out.flip();
        try {
            if (out.hasRemaining()) {
                c.io.write(out);
            }
        } catch (IOException e) {
            tally.sendErrors++;
            lose(c, "connection " + c.id + ": send failed: " + Errors.describe(e));
            return;
        }
        out.compact();
        wantWrite(c, out.position() > 0);
    }

    private void fillDatagrams(BenchConnection c, long now) {
        Outstanding r = c.outstanding;
        ByteBuffer out = c.out;
        while (true) {
            if (c.datagramPending) {
                try {
                    if (c.io.write(out) == 0) {
                        wantWrite(c, true);
                        return;
                    }
                } catch (IOException e) {
                    tally.sendErrors++;
                    lose(c, "connection " + c.id + ": send failed: " + Errors.describe(e));
                    return;
                }
                c.datagramPending = false;
                r.markSent(now);
                inFlightTotal++;
            }
            if (r.inFlight() >= settings.pipeline() || r.queued() == 0 && !issueClosedLoop(r, now)) {
                break;
            }
            out.clear();
            framing.writeRequest(out, payload, c.seqBase + r.nextUnsentSeq());
            out.flip();
            c.datagramPending = true;
        }
        wantWrite(c, false);
    }

    private void wantWrite(BenchConnection c, boolean write) {
        if (c.wantsWrite != write) {
            c.wantsWrite = write;
            c.key.interestOps(write ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void readStream(BenchConnection c, long now) {
        ByteBuffer in = c.in;
        int read;
        try {
            read = c.io.read(in);
        } catch (IOException e) {
            tally.closedByServer++;
            lose(c, "connection " + c.id + ": " + Errors.describe(e));
            return;
        }
        if (read < 0) {
            tally.closedByServer++;
            lose(c, "connection " + c.id + " closed by the server");
            return;
        }
        in.flip();
        Outstanding r = c.outstanding;
        while (true) {
            int end = framing.nextReply(in, frame);
            if (end == Framing.NEED_MORE) {
                break;
            }
            if (end == Framing.CORRUPT) {
                tally.validationErrors++;
                lose(c, "connection " + c.id + ": reply cannot be framed: " + Errors.preview(in, in.position()));
                return;
            }
            in.position(end);
            if (r.inFlight() == 0) {
                tally.unexpectedReplies++;
                tally.error("connection " + c.id + ": reply with no request outstanding: "
                        + Errors.preview(in, frame.start));
                continue;
            }
            boolean valid = ReplyCheck.answers(in, c.scratch, frame.start, frame.length, payload,
                    c.seqBase + r.headSeq());
            if (valid) {
                answered(r.headDue(), r.headSent(), r.headMeasured(), now);
            } else {
                invalid(c, frame.start, r.headSeq());
            }
            r.retireHead();
            inFlightTotal--;
            if (!valid && !framing.resynchronises()) {
                lose(c, null);
                return;
            }
        }
        in.compact();
        fill(c, now);
    }

    private void readDatagrams(BenchConnection c, long now) {
        ByteBuffer in = c.in;
        Outstanding r = c.outstanding;
        while (true) {
            in.clear();
            int read;
            try {
                read = c.io.read(in);
            } catch (IOException e) {
                tally.closedByServer++;
                lose(c, "connection " + c.id + ": " + Errors.describe(e));
                return;
            }
            if (read <= 0) {
                break;
            }
            in.flip();
            matchDatagram(c, read, now);
        }
        int before = r.inFlight();
        r.retireAnswered();
        inFlightTotal -= before - r.inFlight();
        fill(c, now);
    }

    /** A datagram answers whichever outstanding request of its connection it matches. */
    private void matchDatagram(BenchConnection c, int length, long now) {
        Outstanding r = c.outstanding;
        int offset = ReplyCheck.payloadOffset(c.in, 0, length, payload.size());
        if (offset >= 0) {
            for (int k = 0; k < r.inFlight(); k++) {
                if (!r.answeredAt(k) && payload.matches(c.scratch, offset, c.seqBase + r.seqAt(k))) {
                    r.markAnsweredAt(k);
                    answered(r.dueAt(k), r.sentAt(k), r.measuredAt(k), now);
                    return;
                }
            }
            tally.unexpectedReplies++;
            tally.error("connection " + c.id + ": datagram answers no outstanding request: "
                    + Errors.preview(c.in, 0));
            return;
        }
        tally.validationErrors++;
        tally.error("connection " + c.id + ": malformed reply datagram: " + Errors.preview(c.in, 0));
    }

    /** UDP may lose datagrams: a request unanswered after the timeout is counted and dropped. */
    private void sweepLostDatagrams(long now) {
        for (BenchConnection c : connections) {
            Outstanding r = c.outstanding;
            if (!c.open || r.inFlight() == 0) {
                continue;
            }
            boolean freed = false;
            while (r.inFlight() > 0 && (r.headAnswered() || now - r.headSent() > timeoutNanos)) {
                if (!r.headAnswered()) {
                    tally.unanswered++;
                    tally.error("connection " + c.id + ": no reply within " + settings.timeout().toMillis() + " ms");
                }
                r.retireHead();
                inFlightTotal--;
                freed = true;
            }
            if (freed) {
                fill(c, now);
            }
        }
    }

    private void answered(long due, long sent, boolean measured, long now) {
        validReplies++;
        lastProgressNanos = now;
        if (measured) {
            tally.messages++;
            tally.lastMeasuredReplyNanos = now;
            tally.record(tally.latency, now - due);
            if (intervalNanos > 0) {
                tally.record(tally.serviceTime, now - sent);
            }
        }
    }

    private void invalid(BenchConnection c, int start, long seq) {
        tally.validationErrors++;
        if (tally.firstError == null) {
            tally.error("connection " + c.id + ": wrong reply to request " + seq + ": " + Errors.preview(c.in, start));
        }
    }

    /** Gives up on a connection: its unanswered requests are counted as such. */
    private void lose(BenchConnection c, String reason) {
        if (reason != null) {
            tally.error(reason);
        }
        long unanswered = unansweredOf(c);
        tally.unanswered += unanswered;
        inFlightTotal -= c.outstanding.inFlight();
        closeQuietly(c);
    }

    private static long unansweredOf(BenchConnection c) {
        Outstanding r = c.outstanding;
        long count = 0;
        for (int k = 0; k < r.inFlight(); k++) {
            if (!r.answeredAt(k)) {
                count++;
            }
        }
        return count;
    }

    private static void closeQuietly(BenchConnection c) {
        c.open = false;
        if (c.key != null) {
            c.key.cancel();
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to report
            }
        }
    }
}
