package dev.tsserver.core.internal;

import java.util.ArrayDeque;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rounds of one I/O thread's loop (one {@code select()} each) and work put off to the next
 * one, so that no connection gets more than one turn per round.
 *
 * <p>Why: MINA's processor flushes until no session is left to flush, and a session that writes
 * while it is being flushed (a reply produced from {@code messageSent}) is flushed again in the
 * same pass. {@link dev.tsserver.core.chain.ReplyMemoryFilter} resumes a connection's held input
 * from {@code messageSent}; done there directly, a thousand peers that send requests and read
 * nothing were served turn after turn, each until its socket's send buffer was full, before the
 * thread went back to {@code select()}: a polite client waited seconds for its one read. Put off
 * to the next round instead, each connection gets one turn per round and every ready socket is
 * read in between.
 *
 * <p>A round also has a budget: once the connections resumed in it have produced
 * {@value #ROUND_REPLY_BYTES} bytes of replies (with their bookkeeping), further resumptions wait
 * for the next round, in the order they came. So a round stays short however many connections
 * have input waiting, and a socket that becomes readable waits at most about one budget's worth
 * of work, not one turn of every busy connection.
 *
 * <p>One instance per loop of {@link LocalWakeupNioProcessor}, which holds it in a field and
 * starts a round before each {@code select()}. Callers on a connection's I/O thread find it once
 * with {@link #ofCurrentThread()} and keep it (a connection stays on one I/O thread): an earlier
 * version looked it up in a {@code ThreadLocal} on every read, a hash probe per read on the
 * pipelined path. Elsewhere there are no rounds ({@code ofCurrentThread()} is null), and callers
 * do the work at once. Everything but the registry belongs to the loop thread: no locks.
 *
 * <p>Switch: {@code -Dtsserver.tcp.ioRounds=false} gives no thread rounds, so held input is
 * resumed straight from {@code messageSent}, as before rounds existed (for comparison only: it
 * brings back the slow-reader latency above).
 */
public final class IoRounds {

    /** System property; {@code false} switches rounds off (see the class comment). */
    public static final String ENABLED_PROPERTY = "tsserver.tcp.ioRounds";
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"));

    /**
     * Reply bytes the connections resumed in one round may produce before the rest wait for the
     * next round: about a millisecond of work, and eight turns of
     * {@link dev.tsserver.core.chain.ReplyMemoryFilter}.
     */
    public static final long ROUND_REPLY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IoRounds.class);
    /** The rounds of every running loop: a handful (one per I/O thread), scanned only on a miss. */
    private static volatile IoRounds[] running = new IoRounds[0];

    /** The thread running the loop now; null between runs. Compared only, so volatile suffices. */
    private volatile Thread thread;
    private long number;
    private long spent;
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

    /** Made by the processor, one per loop; tests make their own. */
    IoRounds() {
    }

    /** The rounds of the current thread's loop, or null on a thread without rounds. */
    public static IoRounds ofCurrentThread() {
        Thread current = Thread.currentThread();
        for (IoRounds rounds : running) {
            if (rounds.thread == current) {
                return rounds;
            }
        }
        return null;
    }

    /**
     * Called on the loop's thread when the loop starts running (MINA runs a processor's loop
     * again, possibly on another pool thread, after it ran out of sessions): from now on
     * {@link #ofCurrentThread()} finds these rounds there. Nothing happens when rounds are
     * switched off.
     */
    void enter() {
        if (!ENABLED) {
            return;
        }
        thread = Thread.currentThread();
        synchronized (IoRounds.class) {
            IoRounds[] now = Arrays.copyOf(running, running.length + 1);
            now[now.length - 1] = this;
            running = now;
        }
    }

    /** Called on the loop's thread when the loop ends. */
    void exit() {
        if (thread == null) {
            return;
        }
        synchronized (IoRounds.class) {
            running = Arrays.stream(running).filter(r -> r != this).toArray(IoRounds[]::new);
        }
        thread = null;
    }

    /** True on the thread these rounds belong to: only there may the other methods be called. */
    public boolean isCurrentThread() {
        return Thread.currentThread() == thread;
    }

    /** The current round's number; grows by one per round. */
    public long current() {
        return number;
    }

    /** Runs the task on this I/O thread at the start of the next round. */
    public void defer(Runnable task) {
        deferred.add(task);
    }

    /** Counts reply bytes produced in this round. */
    public void spend(long replyBytes) {
        spent += replyBytes;
    }

    /** True once this round's reply budget is spent. */
    public boolean roundSpent() {
        return spent >= ROUND_REPLY_BYTES;
    }

    /** True while tasks wait for the next round: the loop must not block in {@code select()}. */
    boolean hasDeferred() {
        return !deferred.isEmpty();
    }

    /**
     * Called by the processor loop before each {@code select()}: starts a round and runs the
     * tasks put off during the last one (those they put off wait for the round after).
     */
    void begin() {
        number++;
        spent = 0;
        for (int n = deferred.size(); n > 0; n--) {
            Runnable task = deferred.poll();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("a task put off to the next I/O round failed", e);
            }
        }
    }
}
