package dev.tsserver.client.connection;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.tsserver.codec.CorruptFrameException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Splits the undelimited reply stream of the {@code raw} codec back into replies. A reply is
 * {@code [}, a timestamp (which never contains {@code ]}), {@code ] }, then exactly as many bytes
 * as the message it answers; the sender registers each message's length with
 * {@link #expect(int)} before writing it.
 *
 * <pre>
 *   sent "hi" (2), "abc" (3):   [Tue Nov 24 14:03:39 2026] hi[Tue Nov 24 14:03:39 2026] abc
 *                               |------ prefix -----------|2 |------ prefix -----------|3  |
 * </pre>
 *
 * <p>This holds while the server reads each message in one piece, which stop-and-wait ensures
 * for messages up to its read buffer. Every call consumes all of its input. One instance per
 * connection.
 */
final class RawReplyDecoder extends ProtocolDecoderAdapter {

    /** Longest {@code [TIMESTAMP] } accepted; the longest ISO form is about 35 bytes. */
    static final int MAX_PREFIX = 64;

    private final Queue<Integer> expectedLengths = new ConcurrentLinkedQueue<>();
    private final byte[] prefix = new byte[MAX_PREFIX];
    private int prefixLength;
    private byte[] reply;
    private int replyFilled;
    private boolean failed;

    /** Registers the length of a message about to be sent; its reply carries that many bytes. */
    void expect(int payloadLength) {
        expectedLengths.add(payloadLength);
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
        while (in.hasRemaining()) {
            if (failed) {
                in.position(in.limit());
                return;
            }
            if (reply == null && !readPrefix(in)) {
                return;
            }
            int take = Math.min(in.remaining(), reply.length - replyFilled);
            in.get(reply, replyFilled, take);
            replyFilled += take;
            if (replyFilled == reply.length) {
                out.write(reply);
                reply = null;
            }
        }
    }

    /** Collects {@code [TIMESTAMP] }; true once it is complete and the reply buffer is ready. */
    private boolean readPrefix(IoBuffer in) throws CorruptFrameException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (prefixLength == 0 && b != '[') {
                throw corrupt(in, "a reply does not start with '['");
            }
            if (prefixLength == MAX_PREFIX) {
                throw corrupt(in, "no '] ' within the first " + MAX_PREFIX + " bytes of a reply");
            }
            prefix[prefixLength++] = b;
            if (b == ' ' && prefix[prefixLength - 2] == ']') {
                Integer expected = expectedLengths.poll();
                if (expected == null) {
                    throw corrupt(in, "a reply arrived for no message");
                }
                reply = new byte[prefixLength + expected];
                System.arraycopy(prefix, 0, reply, 0, prefixLength);
                replyFilled = prefixLength;
                prefixLength = 0;
                return true;
            }
        }
        return false;
    }

    private CorruptFrameException corrupt(IoBuffer in, String why) {
        failed = true;
        in.position(in.limit());
        return new CorruptFrameException(why);
    }
}
