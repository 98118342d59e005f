package dev.tsserver.client.bench;

/**
 * The requests of one connection that are scheduled or awaiting their reply, oldest first, in a
 * ring of fixed capacity. Request {@code k} of a connection has sequence number {@code k}; the
 * ring keeps, per slot, when the request was due, when it was written, and whether it counts
 * towards the measurement. The first {@link #inFlight()} slots are written and unanswered (or,
 * over UDP, answered out of order and not yet retired); the next {@link #queued()} are due but
 * not yet written (only with a fixed rate, when the connection already has its pipeline full).
 */
final class Outstanding {

    private static final byte MEASURED = 1;
    private static final byte ANSWERED = 2;

    private final long[] dueNanos;
    private final long[] sentNanos;
    private final byte[] flags;
    private int head;
    private int inFlight;
    private int queued;
    private long headSeq;

    Outstanding(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        dueNanos = new long[capacity];
        sentNanos = new long[capacity];
        flags = new byte[capacity];
    }

    int inFlight() {
        return inFlight;
    }

    int queued() {
        return queued;
    }

    boolean canSchedule() {
        return inFlight + queued < flags.length;
    }

    /** Adds a request due at {@code dueNanos} behind every other one. */
    void schedule(long due, boolean measured) {
        int slot = slot(inFlight + queued);
        dueNanos[slot] = due;
        flags[slot] = measured ? MEASURED : 0;
        queued++;
    }

    /** Sequence number of the oldest request not yet written. */
    long nextUnsentSeq() {
        return headSeq + inFlight;
    }

    /** The oldest queued request has been written at {@code now}. */
    void markSent(long now) {
        sentNanos[slot(inFlight)] = now;
        queued--;
        inFlight++;
    }

    long headSeq() {
        return headSeq;
    }

    long headDue() {
        return dueNanos[head];
    }

    long headSent() {
        return sentNanos[head];
    }

    boolean headMeasured() {
        return (flags[head] & MEASURED) != 0;
    }

    boolean headAnswered() {
        return (flags[head] & ANSWERED) != 0;
    }

    /** Drops the oldest written request (answered, or given up on). */
    void retireHead() {
        head = slot(1);
        headSeq++;
        inFlight--;
    }

    /**
     * The connection was replaced: every written request becomes unwritten again, oldest first,
     * ahead of those already queued, with its sequence number, due time and measured flag kept.
     *
     * @return how many requests will be sent again
     */
    int unsendAll() {
        int resend = inFlight;
        queued += inFlight;
        inFlight = 0;
        for (int k = 0; k < resend; k++) {
            flags[slot(k)] &= ~ANSWERED;
        }
        return resend;
    }

    /** Drops answered requests from the front; for out-of-order (UDP) replies. */
    void retireAnswered() {
        while (inFlight > 0 && headAnswered()) {
            retireHead();
        }
    }

    /** The {@code k}-th written request, 0 = oldest; for out-of-order (UDP) replies. */
    long seqAt(int k) {
        return headSeq + k;
    }

    boolean answeredAt(int k) {
        return (flags[slot(k)] & ANSWERED) != 0;
    }

    boolean measuredAt(int k) {
        return (flags[slot(k)] & MEASURED) != 0;
    }

    long dueAt(int k) {
        return dueNanos[slot(k)];
    }

    long sentAt(int k) {
        return sentNanos[slot(k)];
    }

    void markAnsweredAt(int k) {
        flags[slot(k)] |= ANSWERED;
    }

    private int slot(int offset) {
        int s = head + offset;
        return s >= flags.length ? s - flags.length : s;
    }
}
