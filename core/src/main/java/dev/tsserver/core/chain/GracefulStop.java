package dev.tsserver.core.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.mina.core.session.IoSession;

/**
 * Stops a set of TCP sessions without losing a message that reached the host before the stop:
 * each keeps reading until its receive queue is drained, answers what it read, hands its
 * replies to the kernel, lingers until the peer's input is quiet and then closes with a FIN (see
 * {@link DrainRequestFilter} for each step). Sessions still open at the deadline are cut.
 *
 * <p>Runs on the stopping thread, never on an I/O thread, and polls every few milliseconds:
 * the quiet periods it waits for are measured in time, not signalled by MINA.
 */
public final class GracefulStop {

    /**
     * Input silent this long, with nothing left in the socket's receive queue, counts as drained.
     * Silence alone is not enough: a starved I/O thread can leave a readable socket unread for
     * longer (see {@code DrainRequestFilter.advanceStop}).
     */
    public static final long QUIET_MILLIS = 200;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private GracefulStop() {
    }

    /** What a stop had to cut at its deadline. */
    public record Outcome(int cut, int withRepliesQueued, int withInputUnread) {
    }

    /** Stops every session; returns what was still open at {@code deadlineNanos} (then closed at once). */
    public static Outcome stop(Collection<IoSession> sessions, long deadlineNanos) {
        long began = System.currentTimeMillis();
        for (IoSession session : sessions) {
            CloseReason.SERVER_STOPPING.mark(session); // unless something else closes it first
            DrainRequestFilter.beginStop(session, began);
        }
        List<IoSession> open = new ArrayList<>(sessions);
        while (true) {
            open.removeIf(s -> s.getCloseFuture().isClosed());
            long left = deadlineNanos - System.nanoTime();
            if (open.isEmpty() || left <= 0) {
                break;
            }
            long now = System.currentTimeMillis();
            for (IoSession session : open) {
                DrainRequestFilter.advanceStop(session, now, QUIET_MILLIS);
            }
            LockSupport.parkNanos(Math.min(POLL_NANOS, left));
        }
        int cut = 0;
        int repliesQueued = 0;
        int inputUnread = 0;
        for (IoSession session : open) {
            if (session.getCloseFuture().isClosed()) {
                continue;
            }
            cut++;
            if (session.getScheduledWriteBytes() > 0) {
                repliesQueued++;
            }
            if (DrainRequestFilter.isReadingBeforeStop(session) || ReplyMemoryFilter.isHoldingInput(session)) {
                inputUnread++;
            }
            session.closeNow();
        }
        return new Outcome(cut, repliesQueued, inputUnread);
    }
}
