package dev.tsserver.client.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What one load worker counted. Written by its worker thread only; read by others only after
 * the worker has ended, except {@link #progress}, which is published once per read batch.
 */
final class Tally {

    /** Latencies above an hour are recorded as an hour. */
    static final long MAX_TRACKED_NANOS = TimeUnit.HOURS.toNanos(1);

    /** Latency from when each measured request was due (with a fixed rate) or written. */
    final Histogram latency = newHistogram();
    /** With a fixed rate: latency from when each request was actually written. */
    final Histogram serviceTime = newHistogram();

    long messages;
    long lastMeasuredReplyNanos = Long.MIN_VALUE;
    int connected;
    long connectErrors;
    long validationErrors;
    long closedByServer;
    long unexpectedReplies;
    long unanswered;
    long sendErrors;
    long rateSkipped;
    /** With {@code --reconnect}: connections made again, and requests sent again on them. */
    long reconnects;
    long resent;
    /** Longest time a busy connection went without a valid reply. */
    long longestGapNanos;
    /** A worker that failed on its own (a bug, or the JVM out of resources). */
    long workerFailures;
    String firstError;
    /** Why the first connect failed ("connection refused"), for the one-line message. */
    String connectFailure;
    /** With TLS: the first failed handshake, as one line ("TLS handshake with ADDRESS failed: WHY"). */
    String handshakeFailure;
    /** Wall time of connecting every connection (TLS handshakes included), set by the runner. */
    long connectNanos;

    /** Valid replies so far, warm-up included: for the once-a-second progress line. */
    volatile long progress;

    private static Histogram newHistogram() {
        return new Histogram(MAX_TRACKED_NANOS, 3);
    }

    void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, MAX_TRACKED_NANOS)));
    }

    void error(String description) {
        if (firstError == null) {
            firstError = description;
        }
    }

    long errors() {
        return connectErrors + validationErrors + closedByServer + unexpectedReplies + unanswered + sendErrors + workerFailures;
    }

    void add(Tally other) {
        latency.add(other.latency);
        serviceTime.add(other.serviceTime);
        messages += other.messages;
        lastMeasuredReplyNanos = Math.max(lastMeasuredReplyNanos, other.lastMeasuredReplyNanos);
        connected += other.connected;
        connectErrors += other.connectErrors;
        validationErrors += other.validationErrors;
        closedByServer += other.closedByServer;
        unexpectedReplies += other.unexpectedReplies;
        unanswered += other.unanswered;
        sendErrors += other.sendErrors;
        rateSkipped += other.rateSkipped;
        reconnects += other.reconnects;
        resent += other.resent;
        longestGapNanos = Math.max(longestGapNanos, other.longestGapNanos);
        workerFailures += other.workerFailures;
        if (firstError == null) {
            firstError = other.firstError;
        }
        if (connectFailure == null) {
            connectFailure = other.connectFailure;
        }
        if (handshakeFailure == null) {
            handshakeFailure = other.handshakeFailure;
        }
    }
}
