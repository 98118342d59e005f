package dev.tsserver.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.client.tls.TlsChannel;
import dev.tsserver.codec.wire.FrameSlice;

/**
 * A TCP connection: requests are framed into the connection's send buffer up to the pipeline
 * depth and written as far as the socket takes them; replies are cut from the received stream
 * by the codec's rules and answer the oldest outstanding request, in order. Works on any
 * {@link java.nio.channels.ByteChannel}, so it is tested with in-memory channels.
 */
final class StreamStrategy implements TransportStrategy {

    /** Rounds of already-decrypted input taken per readiness event; far more than buffers hold. */
    private static final int MAX_BUFFERED_ROUNDS = 4096;

    private final ReplyFramer framer;
    private final ReplyProtocol protocol;
    private final PayloadPattern payload;
    private final int pipeline;
    private final Tally tally;
    private final LoadEvents events;
    private final FrameSlice frame = new FrameSlice();
    private final KnownPrefix knownPrefix = new KnownPrefix();

    StreamStrategy(ReplyFramer framer, ReplyProtocol protocol, PayloadPattern payload, int pipeline, Tally tally,
                   LoadEvents events) {
        this.framer = framer;
        this.protocol = protocol;
        this.payload = payload;
        this.pipeline = pipeline;
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
        int request = framer.requestSize();
        while (r.inFlight() < pipeline && out.remaining() >= request) {
            if (r.queued() == 0 && !events.issue(r, now)) {
                break;
            }
            framer.writeRequest(out, payload, c.seqBase + r.nextUnsentSeq());
            events.sent(c, now);
            r.markSent(now);
        }
        flush(c);
    }

    private void flush(BenchConnection c) {
        ByteBuffer out = c.out;
        out.flip();
        try {
            if (out.hasRemaining() || c.outputPending()) {
                c.io.write(out);
            }
        } catch (IOException e) {
            out.compact();
            events.lost(c, LoadEvents.Loss.SEND_FAILED, "connection " + c.id + ": send failed: " + Errors.describe(e));
            return;
        }
        out.compact();
        c.wantWrite(out.position() > 0 || c.outputPending());
    }

    @Override
    public void readable(BenchConnection c, long now) {
        if (!readAndMatch(c, now, false)) {
            return;
        }
        // TLS may hold decrypted replies the selector will not report: take them now. Each
        // round empties a record or the plaintext buffer, so this ends.
        TlsChannel tls = c.tls;
        for (int round = 0; tls != null && c.open && tls.hasBufferedInput() && round < MAX_BUFFERED_ROUNDS; round++) {
            if (!readAndMatch(c, now, true)) {
                return;
            }
        }
        fill(c, now);
    }

    /**
     * Reads from the socket, or with {@code buffered} only what TLS already holds, and matches
     * the replies read; false once the connection is lost or its replies do not match.
     */
    private boolean readAndMatch(BenchConnection c, long now, boolean buffered) {
        int read;
        try {
            read = buffered ? c.tls.readBuffered(c.in) : c.io.read(c.in);
        } catch (IOException e) {
            events.lost(c, LoadEvents.Loss.CLOSED, "connection " + c.id + ": " + Errors.describe(e));
            return false;
        }
        if (read < 0) {
            events.lost(c, LoadEvents.Loss.CLOSED, "connection " + c.id + " closed by the server");
            return false;
        }
        return matchReplies(c, now);
    }

    /** Cuts the replies out of {@code c.in} and checks them; false when the connection was lost. */
    private boolean matchReplies(BenchConnection c, long now) {
        ByteBuffer in = c.in;
        in.flip();
        Outstanding r = c.outstanding;
        while (true) {
            int end = framer.nextReply(in, frame);
            if (end == ReplyFramer.NEED_MORE) {
                break;
            }
            if (end == ReplyFramer.CORRUPT) {
                tally.validationErrors++;
                events.lost(c, LoadEvents.Loss.CORRUPT, "connection " + c.id + ": reply cannot be framed: "
                        + Errors.preview(in, in.position()));
                return false;
            }
            in.position(end);
            if (r.inFlight() == 0) {
                tally.unexpectedReplies++;
                tally.error("connection " + c.id + ": reply with no request outstanding: "
                        + Errors.preview(in, frame.start()));
                continue;
            }
            boolean valid = ReplyCheck.answers(protocol, knownPrefix, in, c.scratch, frame.start(), frame.length(),
                    payload, c.seqBase + r.headSeq());
            if (valid) {
                events.answered(c, r.headDue(), r.headSent(), r.headMeasured(), now);
            } else {
                tally.validationErrors++;
                tally.error("connection " + c.id + ": wrong reply to request " + r.headSeq() + ": "
                        + Errors.preview(in, frame.start()));
            }
            r.retireHead();
            events.retired(c, 1);
            if (!valid && !framer.resynchronises()) {
                events.lost(c, LoadEvents.Loss.CORRUPT, null);
                return false;
            }
        }
        in.compact();
        return true;
    }
}
