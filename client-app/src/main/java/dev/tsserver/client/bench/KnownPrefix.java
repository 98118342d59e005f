package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.codec.wire.ReplyPrefix;

/**
 * The last reply prefix that passed the protocol's full check, so the next replies, which
 * nearly always carry the same timestamp (a {@code ctime} prefix changes once a second), are
 * checked with one vectorised comparison instead of a parse. A prefix that differs gets the
 * full check and becomes the known one. One per worker thread; never allocates after creation.
 */
final class KnownPrefix {

    private final ByteBuffer known = ByteBuffer.allocateDirect(ReplyPrefix.MAX_LENGTH);
    private int length = -1;

    /**
     * As {@link ReplyProtocol#prefixLength}. {@code scratch} must be a view of the same memory
     * as {@code in}, private to the caller: its position and limit are moved.
     */
    int prefixLength(ReplyProtocol protocol, ByteBuffer in, ByteBuffer scratch, int start, int limit) {
        int n = length;
        if (n > 0 && limit - start >= n) {
            scratch.limit(start + n).position(start);
            known.limit(n).position(0);
            if (scratch.mismatch(known) < 0) {
                return n;
            }
        }
        int checked = protocol.prefixLength(in, start, limit);
        if (checked > 0) {
            for (int k = 0; k < checked; k++) {
                known.put(k, in.get(start + k));
            }
            length = checked;
        }
        return checked;
    }
}
