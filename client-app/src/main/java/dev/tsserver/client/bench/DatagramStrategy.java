package dev.tsserver.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.tsserver.client.connection.ReplyProtocol;

/**
 * A connected UDP socket: one datagram per request, up to the pipeline depth; a reply datagram
 * answers whichever outstanding request of its socket it matches (datagrams may be reordered),
 * and a request unanswered after the timeout is counted lost and dropped ({@link #sweep}).
 */
final class DatagramStrategy implements TransportStrategy {

    private final ReplyFramer framer;
    private final ReplyProtocol protocol;
    private final PayloadPattern payload;
    private final int pipeline;
    private final long timeoutNanos;
    private final Tally tally;
    private final LoadEvents events;
    private final KnownPrefix knownPrefix = new KnownPrefix();

    DatagramStrategy(ReplyFramer framer, ReplyProtocol protocol, PayloadPattern payload, int pipeline,
                     long timeoutNanos, Tally tally, LoadEvents events) {
        this.framer = framer;
        this.protocol = protocol;
        this.payload = payload;
        this.pipeline = pipeline;
        this.timeoutNanos = timeoutNanos;
        this.tally = tally;
        this.events = events;
    }

    @Override
    public void fill(BenchConnection c, long now) {
        if (!c.open) {
            return;
        }
        Outstanding r = c.outstanding;
        ByteBuffer out = c.out;
        while (true) {
            if (c.datagramPending) {
                try {
                    if (c.io.write(out) == 0) {
                        c.wantWrite(true);
                        return;
                    }
                } catch (IOException e) {
                    events.lost(c, LoadEvents.Loss.SEND_FAILED, "connection " + c.id + ": send failed: "
                            + Errors.describe(e));
                    return;
                }
                c.datagramPending = false;
                events.sent(c, now);
                r.markSent(now);
            }
            if (r.inFlight() >= pipeline || r.queued() == 0 && !events.issue(r, now)) {
                break;
            }
            out.clear();
            framer.writeRequest(out, payload, c.seqBase + r.nextUnsentSeq());
            out.flip();
            c.datagramPending = true;
        }
        c.wantWrite(false);
    }

    @Override
    public void readable(BenchConnection c, long now) {
        ByteBuffer in = c.in;
        Outstanding r = c.outstanding;
        while (true) {
            in.clear();
            int read;
            try {
                read = c.io.read(in);
            } catch (IOException e) {
                events.lost(c, LoadEvents.Loss.CLOSED, "connection " + c.id + ": " + Errors.describe(e));
                return;
            }
            if (read <= 0) {
                break;
            }
            in.flip();
            match(c, read, now);
        }
        int before = r.inFlight();
        r.retireAnswered();
        events.retired(c, before - r.inFlight());
        fill(c, now);
    }

    /** A datagram answers whichever outstanding request of its connection it matches. */
    private void match(BenchConnection c, int length, long now) {
        Outstanding r = c.outstanding;
        int offset = ReplyCheck.payloadOffset(protocol, knownPrefix, c.in, c.scratch, 0, length, payload.size());
        if (offset >= 0) {
            for (int k = 0; k < r.inFlight(); k++) {
                if (!r.answeredAt(k) && payload.matches(c.scratch, offset, c.seqBase + r.seqAt(k))) {
                    r.markAnsweredAt(k);
                    events.answered(c, r.dueAt(k), r.sentAt(k), r.measuredAt(k), now);
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
    void sweep(BenchConnection[] connections, long now) {
        for (BenchConnection c : connections) {
            Outstanding r = c.outstanding;
            if (!c.open || r.inFlight() == 0) {
                continue;
            }
            int retired = 0;
            while (r.inFlight() > 0 && (r.headAnswered() || now - r.headSent() > timeoutNanos)) {
                if (!r.headAnswered()) {
                    tally.unanswered++;
                    tally.error("connection " + c.id + ": no reply within "
                            + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                r.retireHead();
                retired++;
            }
            if (retired > 0) {
                events.retired(c, retired);
                fill(c, now);
            }
        }
    }
}
