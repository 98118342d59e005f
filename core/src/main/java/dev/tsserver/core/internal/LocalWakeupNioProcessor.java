package dev.tsserver.core.internal;

import java.util.concurrent.Executor;

/**
 * MINA's NIO processor without the selector wake-up a session's own I/O thread sends itself.
 *
 * <p>MINA calls {@code wakeup()} each time a session is scheduled for flushing, also when the
 * caller is the I/O thread itself (a handler replying on that thread, the normal case here).
 * On the I/O thread the wake-up is only a note for the next {@code select()} not to block, but
 * {@code Selector.wakeup()} turns it into two system calls (a write to the selector's wake-up
 * descriptor, and the read that drains it after the next poll): on a one-connection
 * request/response load that was two of the five system calls per reply. Here a wake-up from
 * the I/O thread only sets a flag, and the next {@code select} polls without blocking, which is
 * what the real wake-up would have caused. Wake-ups from any other thread are real ones.
 *
 * <p>Which thread is "the I/O thread" is recorded by wrapping the executor MINA runs the
 * processor loop on. MINA's pool creates processors through this public
 * {@code (Executor)} constructor. Its parent skips the read after a short read
 * ({@link ShortReadNioProcessor}).
 */
public final class LocalWakeupNioProcessor extends ShortReadNioProcessor {

    private final LoopThread loopThread;
    /** Touched only by the loop thread. */
    private boolean wakeupPending;

    public LocalWakeupNioProcessor(Executor executor) {
        this(executor, new LoopThread());
    }

    private LocalWakeupNioProcessor(Executor executor, LoopThread loopThread) {
        super(loopThread.recording(executor));
        this.loopThread = loopThread;
    }

    @Override
    protected void wakeup() {
        if (Thread.currentThread() == loopThread.current) {
            // As MINA's own wakeup(): its select-spin detection reads this flag after select().
            wakeupCalled.set(true);
            wakeupPending = true;
            return;
        }
        super.wakeup();
    }

    @Override
    protected int select(long timeout) throws Exception {
        IoRounds rounds = loopThread.rounds;
        rounds.begin(); // one turn per connection per round (see IoRounds)
        if (wakeupPending || rounds.hasDeferred()) {
            wakeupPending = false;
            return selector.selectNow();
        }
        return super.select(timeout);
    }

    @Override
    protected int select() throws Exception {
        IoRounds rounds = loopThread.rounds;
        rounds.begin();
        if (wakeupPending || rounds.hasDeferred()) {
            wakeupPending = false;
            return selector.selectNow();
        }
        return super.select();
    }

    /** The thread running the processor loop, if one is, and the loop's rounds. */
    private static final class LoopThread {
        volatile Thread current;
        /** Kept across runs of the loop: connections hold on to it (see IoRounds). */
        final IoRounds rounds = new IoRounds();

        Executor recording(Executor executor) {
            return task -> executor.execute(() -> {
                current = Thread.currentThread();
                rounds.enter();
                try {
                    task.run();
                } finally {
                    rounds.exit();
                    current = null;
                }
            });
        }
    }
}
