package dev.tsserver.client.connection;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.wire.ReplyPrefix;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Finds where each reply ends in the undelimited reply stream of the {@code raw} codec. The
 * server answers every chunk it reads: with {@code [TIMESTAMP] chunk} under the timestamp
 * protocol ({@link ReplyPrefix} recognises the prefix), with the chunk itself under
 * {@code echo}. The sender registers each message with {@link #expect(byte[])} before writing
 * it, so the decoder knows which bytes must come back: the reply to a message ends once all of
 * them have been echoed, whether the server read the message in one piece or in several.
 *
 * <pre>
 *   sent "hi", then "abcdef" (which the server happened to read as "abc" + "def"):
 *   [Tue Nov 24 14:03:39 2026] hi[Tue Nov 24 14:03:39 2026] abc[Tue Nov 24 14:03:39 2026] def
 *   |------------ reply 1 --------|-------------------------- reply 2 -----------------------|
 * </pre>
 *
 * <p>A {@code [} that the message also has at that point is taken as payload, so a message read
 * in pieces just before a {@code [} of its own is reported as a bad reply. Only messages sent one
 * at a time keep their replies apart: two messages the server reads together come back under one
 * timestamp. Every call consumes all of its input. One instance per connection.
 */
final class RawReplyDecoder extends ProtocolDecoderAdapter {

    private final boolean prefixed;
    private final Queue<byte[]> sentMessages = new ConcurrentLinkedQueue<>();
    /** The message being answered; null between replies. */
    private byte[] message;
    private int echoed;
    private byte[] reply = new byte[256];
    private int replyLength;
    /** Bytes of the {@code [TIMESTAMP] } being read, while {@link #inPrefix}. */
    private final byte[] prefix = new byte[ReplyPrefix.MAX_LENGTH];
    private int prefixLength;
    private boolean inPrefix;
    private boolean failed;

    RawReplyDecoder(ReplyProtocol protocol) {
        this.prefixed = protocol == ReplyProtocol.TS;
    }

    /** Registers a message about to be sent; its reply must echo these bytes. */
    void expect(byte[] payload) {
        sentMessages.add(payload);
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
        while (in.hasRemaining()) {
            if (failed) {
                in.position(in.limit());
                return;
            }
            if (message == null) {
                message = sentMessages.poll();
                if (message == null) {
                    throw corrupt(in, "a reply arrived for no message");
                }
                echoed = 0;
                replyLength = 0;
                inPrefix = prefixed;
                prefixLength = 0;
            }
            byte b = in.get();
            if (inPrefix) {
                readPrefixByte(in, b);
            } else if (echoed < message.length && b == message[echoed]) {
                append(b);
                echoed++;
            } else if (prefixed && b == '[') {
                // The server read the message in pieces: another [TIMESTAMP] chunk follows.
                inPrefix = true;
                prefixLength = 0;
                readPrefixByte(in, b);
            } else {
                throw corrupt(in, "a reply does not echo the message sent");
            }
            if (!inPrefix && echoed == message.length) {
                out.write(Arrays.copyOf(reply, replyLength));
                message = null;
            }
        }
    }

    private void readPrefixByte(IoBuffer in, byte b) throws CorruptFrameException {
        prefix[prefixLength++] = b;
        int length = ReplyPrefix.length(ByteBuffer.wrap(prefix, 0, prefixLength), 0, prefixLength);
        if (length == ReplyPrefix.NOT_A_PREFIX || length == ReplyPrefix.NEED_MORE && prefixLength == prefix.length) {
            throw corrupt(in, "a reply does not start with [TIMESTAMP]");
        }
        if (length > 0) {
            for (int i = 0; i < prefixLength; i++) {
                append(prefix[i]);
            }
            inPrefix = false;
        }
    }

    private void append(byte b) {
        if (replyLength == reply.length) {
            reply = Arrays.copyOf(reply, Math.max(2 * reply.length, message.length + ReplyPrefix.MAX_LENGTH));
        }
        reply[replyLength++] = b;
    }

    private CorruptFrameException corrupt(IoBuffer in, String why) {
        failed = true;
        in.position(in.limit());
        return new CorruptFrameException(why);
    }
}
