package dev.tsserver.core.internal;

import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rounds of an I/O thread's loop (one {@code select()} each) and work put off to the next
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
 * <p>Only threads that run the loop of {@link LocalWakeupNioProcessor} have rounds; elsewhere
 * {@link #current()} is {@code -1} and {@link #defer} refuses, so callers do the work at once.
 * Everything here belongs to one thread: no locks.
 */
public final class IoRounds {

    /**
     * Reply bytes the connections resumed in one round may produce before the rest wait for the
     * next round: about a millisecond of work, and eight turns of
     * {@link dev.tsserver.core.chain.ReplyMemoryFilter}.
     */
    public static final long ROUND_REPLY_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IoRounds.class);
    private static final ThreadLocal<Round> ROUNDS = new ThreadLocal<>();

    private IoRounds() {
    }

    /** The current round of this I/O thread, or -1 on a thread without rounds. */
    public static long current() {
        Round round = ROUNDS.get();
        return round == null ? -1 : round.number;
    }

    /**
     * Runs the task on this I/O thread at the start of its next round; false (and nothing
     * queued) on a thread without rounds.
     */
    public static boolean defer(Runnable task) {
        Round round = ROUNDS.get();
        if (round == null) {
            return false;
        }
        round.deferred.add(task);
        return true;
    }

    /** Counts reply bytes produced in this round (nothing on a thread without rounds). */
    public static void spend(long replyBytes) {
        Round round = ROUNDS.get();
        if (round != null) {
            round.spent += replyBytes;
        }
    }

    /** True once this round's reply budget is spent; never on a thread without rounds. */
    public static boolean roundSpent() {
        Round round = ROUNDS.get();
        return round != null && round.spent >= ROUND_REPLY_BYTES;
    }

    /** True while tasks wait for the next round: the loop must not block in {@code select()}. */
    static boolean hasDeferred() {
        Round round = ROUNDS.get();
        return round != null && !round.deferred.isEmpty();
    }

    /**
     * Called by the processor loop before each {@code select()}: starts a round and runs the
     * tasks put off during the last one (those they put off wait for the round after).
     */
    static void begin() {
        Round round = ROUNDS.get();
        if (round == null) {
            round = new Round();
            ROUNDS.set(round);
        }
        round.number++;
        round.spent = 0;
        for (int n = round.deferred.size(); n > 0; n--) {
            Runnable task = round.deferred.poll();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("a task put off to the next I/O round failed", e);
            }
        }
    }

    private static final class Round {
        long number;
        long spent;
        final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    }
}
