package dev.tsserver.client.bench;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One load-generating thread: a selector over its share of the connections, non-blocking
 * reads and writes, no allocation per message. The parts are apart so they can be tested
 * without sockets: {@link BenchConnector} makes the connections, {@link LoadSchedule} decides
 * when requests are issued (closed loop or fixed rate, on an injected {@link LoadClock}), and a
 * {@link TransportStrategy} moves requests and replies on a stream or as datagrams. This class
 * runs the selector loop and keeps the run-wide counts.
 *
 * <p>With {@code --reconnect} a TCP connection that ends with requests unanswered (end of
 * stream, reset, failed write, no reply within the timeout) is connected again, at once and
 * then with backoff ({@link Outage}), and its unanswered requests are sent again, in order, with
 * their sequence numbers, so their replies are checked as before. A connection that stays
 * without replies for the timeout is given up and its requests count as unanswered.
 */
final class LoadWorker implements Runnable, LoadEvents {

    /** Requests a connection can hold due but unwritten at a fixed rate, beyond its pipeline. */
    static final int RATE_BACKLOG = 1024;
    /** Smallest read buffer per connection; big enough for many pipelined replies. */
    private static final int MIN_READ_BUFFER = 4096;
    /** Largest write buffer per connection: requests beyond it wait for the socket. */
    private static final int MAX_WRITE_BUFFER = 256 * 1024;
    private static final long IDLE_SELECT_MILLIS = 100;
    /** How often lost UDP datagrams, stalled connections and due reconnects are looked for. */
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final BenchSettings settings;
    private final LoadClock clock;
    private final LoadSchedule schedule;
    private final BenchConnection[] connections;
    private final List<BenchConnection> dirty;
    private final long timeoutNanos;
    private final boolean reconnect;
    private final CountDownLatch connected;
    private final CompletableFuture<Window> start;
    private final Tally tally = new Tally();
    private final TransportStrategy transport;
    private final DatagramStrategy datagrams;

    private Selector selector;
    private BenchConnector connector;
    private long inFlightTotal;
    private long validReplies;
    private long lastProgressNanos;
    /** Connections open or being connected again: when none is left, the run is over for this worker. */
    private int usable;

    /**
     * @param connectionIds ids of this worker's connections
     * @param quota         count mode: measured messages this worker sends in total
     * @param rate          this worker's share of the total rate; 0 for closed loop
     */
    LoadWorker(BenchSettings settings, int[] connectionIds, long quota, double rate, CountDownLatch connected,
               CompletableFuture<Window> start) {
        this(settings, connectionIds, quota, rate, connected, start, LoadClock.SYSTEM);
    }

    LoadWorker(BenchSettings settings, int[] connectionIds, long quota, double rate, CountDownLatch connected,
               CompletableFuture<Window> start, LoadClock clock) {
        this.settings = settings;
        this.clock = clock;
        this.schedule = new LoadSchedule(settings.countMode(), quota, rate);
        this.timeoutNanos = settings.timeout().toNanos();
        this.reconnect = settings.reconnect() && !settings.udp();
        this.connected = connected;
        this.start = start;
        ReplyFramer framer = settings.framer();
        PayloadPattern payload = new PayloadPattern(settings.size());
        int outstandingCapacity = settings.pipeline() + (rate > 0 ? RATE_BACKLOG : 0);
        int request = framer.requestSize();
        int outCapacity = settings.udp() ? Math.max(1, request)
                : (int) Math.max(request, Math.min((long) settings.pipeline() * request, MAX_WRITE_BUFFER));
        int reply = framer.maxReplySize();
        int inCapacity = settings.udp() ? reply + 1
                : (int) Math.max(Math.max(MIN_READ_BUFFER, 2L * reply), Math.min((long) settings.pipeline() * reply,
                        64 * 1024));
        this.connections = new BenchConnection[connectionIds.length];
        for (int i = 0; i < connectionIds.length; i++) {
            connections[i] = new BenchConnection(connectionIds[i], outstandingCapacity, outCapacity, inCapacity);
        }
        this.dirty = new ArrayList<>(connectionIds.length);
        if (settings.udp()) {
            this.datagrams = new DatagramStrategy(framer, settings.protocol(), payload, settings.pipeline(),
                    timeoutNanos, tally, this);
            this.transport = datagrams;
        } else {
            this.datagrams = null;
            this.transport = new StreamStrategy(framer, settings.protocol(), payload, settings.pipeline(), tally, this);
        }
    }

    Tally tally() {
        return tally;
    }

    @Override
    public void run() {
        try (Selector opened = Selector.open()) {
            selector = opened;
            connector = new BenchConnector(settings, selector, tally, clock);
            try {
                connector.connectAll(connections);
            } finally {
                connected.countDown();
            }
            Window window = awaitStart();
            if (window != null) {
                schedule.start(window);
                runLoad();
            }
        } catch (IOException | RuntimeException e) {
            tally.workerFailures++;
            tally.error("load worker failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (BenchConnection c : connections) {
                if (c.usable()) {
                    tally.unanswered += c.unanswered();
                }
                BenchConnector.close(c);
                c.reconnecting = false;
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

    private void runLoad() throws IOException {
        long now = clock.nanoTime();
        lastProgressNanos = now;
        for (BenchConnection c : connections) {
            c.progressNanos = now;
            if (c.usable()) {
                usable++;
            }
        }
        if (!schedule.fixedRate()) {
            for (BenchConnection c : connections) {
                transport.fill(c, now);
            }
        }
        // Reconnecting may need a timeout to notice a loss and another to get through.
        long drainBudget = reconnect ? 2 * timeoutNanos : timeoutNanos;
        long drainDeadline = 0;
        long nextSweep = now + SWEEP_NANOS;
        while (usable > 0) {
            now = clock.nanoTime();
            boolean issuing = schedule.issuing(now);
            if (schedule.fixedRate() && issuing) {
                tally.rateSkipped += schedule.scheduleDue(now, connections, this::markDirty);
            }
            writeDirty(now);
            if (!issuing) {
                if (drainDeadline == 0) {
                    drainDeadline = now + drainBudget;
                }
                if (inFlightTotal == 0 || now - drainDeadline >= 0) {
                    return;
                }
            } else if (!reconnect && settings.countMode() && inFlightTotal > 0
                    && now - lastProgressNanos > timeoutNanos) {
                tally.error("no reply for " + settings.timeout().toMillis() + " ms: giving up");
                return;
            }
            if ((datagrams != null || reconnect) && now - nextSweep >= 0) {
                sweep(now);
                nextSweep = now + SWEEP_NANOS;
            }
            select(now, issuing);
            now = clock.nanoTime();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                BenchConnection c = (BenchConnection) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                if (c.reconnecting) {
                    int result = key.isConnectable() ? connector.finish(c)
                            : c.handshaking ? connector.continueHandshake(c) : BenchConnector.PENDING;
                    if (result != BenchConnector.PENDING) {
                        reconnected(c, result, now);
                    }
                    continue;
                }
                if (!c.open) {
                    continue;
                }
                int ready = key.readyOps();
                if ((ready & SelectionKey.OP_READ) != 0) {
                    transport.readable(c, now);
                }
                if (c.open && (ready & SelectionKey.OP_WRITE) != 0) {
                    transport.fill(c, now);
                }
            }
            tally.progress = validReplies;
        }
    }

    private void select(long now, boolean issuing) throws IOException {
        long waitNanos = schedule.waitNanos(now, issuing);
        if (datagrams != null || reconnect) {
            waitNanos = Math.min(waitNanos, SWEEP_NANOS);
        }
        if (waitNanos >= 1_000_000) {
            selector.select(Math.min(waitNanos / 1_000_000, IDLE_SELECT_MILLIS));
        } else {
            // Due within a millisecond: select(ms) would oversleep, so poll.
            selector.selectNow();
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
            transport.fill(c, now);
        }
        dirty.clear();
    }

    private void sweep(long now) {
        if (datagrams != null) {
            datagrams.sweep(connections, now);
        }
        if (!reconnect) {
            return;
        }
        for (BenchConnection c : connections) {
            if (c.open && c.outstanding.inFlight() > 0 && now - c.progressNanos > timeoutNanos) {
                lost(c, Loss.STALLED, "connection " + c.id + ": no reply within " + settings.timeout().toMillis()
                        + " ms");
            } else if (c.reconnecting) {
                reconnectIfDue(c, now);
            }
        }
    }

    // ---- LoadEvents ----

    @Override
    public boolean issue(Outstanding r, long now) {
        return schedule.issueClosedLoop(r, now);
    }

    @Override
    public void sent(BenchConnection c, long now) {
        if (c.outstanding.inFlight() == 0) {
            // Busy again after being idle: gaps count from here, not from the last reply.
            c.lastReplyNanos = now;
            c.progressNanos = now;
        }
        inFlightTotal++;
    }

    @Override
    public void answered(BenchConnection c, long due, long sent, boolean measured, long now) {
        validReplies++;
        lastProgressNanos = now;
        c.progressNanos = now;
        long gap = now - c.lastReplyNanos;
        if (gap > tally.longestGapNanos) {
            tally.longestGapNanos = gap;
        }
        c.lastReplyNanos = now;
        c.outage.replied();
        if (measured) {
            tally.messages++;
            tally.lastMeasuredReplyNanos = now;
            tally.record(tally.latency, now - due);
            if (schedule.fixedRate()) {
                tally.record(tally.serviceTime, now - sent);
            }
        }
    }

    @Override
    public void retired(BenchConnection c, int count) {
        inFlightTotal -= count;
    }

    @Override
    public void lost(BenchConnection c, Loss loss, String reason) {
        if (reconnect && loss != Loss.CORRUPT) {
            BenchConnector.close(c);
            c.reconnecting = true;
            long now = clock.nanoTime();
            long at = c.outage.nextAttempt(now, timeoutNanos);
            if (at != Outage.GIVE_UP) {
                c.reconnectAtNanos = at;
                return;
            }
            reason = reason + " (no reply for " + settings.timeout().toMillis() + " ms across reconnects)";
        }
        giveUp(c, loss, reason);
    }

    /** The connection's unanswered requests count as such; the error is counted by kind. */
    private void giveUp(BenchConnection c, Loss loss, String reason) {
        switch (loss) {
            case CLOSED -> tally.closedByServer++;
            case SEND_FAILED -> tally.sendErrors++;
            default -> {
                // STALLED: the unanswered count says it; CORRUPT: the strategy counted it
            }
        }
        if (reason != null) {
            tally.error(reason);
        }
        tally.unanswered += c.unanswered();
        inFlightTotal -= c.outstanding.inFlight();
        if (c.usable()) {
            usable--;
        }
        BenchConnector.close(c);
        c.reconnecting = false;
    }

    // ---- reconnecting ----

    private void reconnectIfDue(BenchConnection c, long now) {
        if (c.channel != null) {
            // A connect under way: give it until the outage's budget is spent.
            if (now - c.outage.deadline(timeoutNanos) >= 0) {
                BenchConnector.close(c);
                reconnectFailed(c, "connect timed out", now);
            }
            return;
        }
        if (now - c.reconnectAtNanos < 0) {
            return;
        }
        int result = connector.start(c);
        if (result != BenchConnector.PENDING) {
            reconnected(c, result, now);
        }
    }

    private void reconnected(BenchConnection c, int result, long now) {
        if (result != BenchConnector.CONNECTED) {
            reconnectFailed(c, connector.lastFailure(), now);
            return;
        }
        c.reconnecting = false;
        c.open = true;
        c.progressNanos = now;
        c.in.clear();
        c.out.clear();
        int resend = c.outstanding.unsendAll();
        inFlightTotal -= resend;
        tally.reconnects++;
        tally.resent += resend;
        transport.fill(c, now);
    }

    private void reconnectFailed(BenchConnection c, String reason, long now) {
        if (connector.nextAddress(c)) {
            c.reconnectAtNanos = now;
            return;
        }
        c.addressIndex = 0;
        long at = c.outage.nextAttempt(now, timeoutNanos);
        if (at == Outage.GIVE_UP) {
            giveUp(c, Loss.CLOSED, "connection " + c.id + ": cannot reconnect to " + Errors.format(connector.addressOf(c))
                    + ": " + reason);
            return;
        }
        c.reconnectAtNanos = at;
    }
}
