package dev.tsserver.client.bench;

/**
 * What a {@link TransportStrategy} tells its worker: the worker keeps the run-wide counts
 * (requests in flight, valid replies, latency) and decides what a lost connection means.
 */
interface LoadEvents {

    /** Why a connection was lost. */
    enum Loss {
        /** End of stream or a reset from the server. */
        CLOSED,
        /** A write failed. */
        SEND_FAILED,
        /** No reply within the timeout while requests were outstanding. */
        STALLED,
        /** The reply stream cannot be parsed any more; counted by the strategy, never retried. */
        CORRUPT
    }

    /** Closed loop: schedules one more request on {@code r} for {@code now}, if the run still issues. */
    boolean issue(Outstanding r, long now);

    /** A request of {@code c} goes out at {@code now}; called before it is marked sent. */
    void sent(BenchConnection c, long now);

    /** A valid reply to a request due at {@code due} and written at {@code sent}. */
    void answered(BenchConnection c, long due, long sent, boolean measured, long now);

    /** {@code count} requests of {@code c} left the in-flight set (answered or given up on). */
    void retired(BenchConnection c, int count);

    /** {@code c} cannot go on; {@code reason} (may be null) is the error to report. */
    void lost(BenchConnection c, Loss loss, String reason);
}
