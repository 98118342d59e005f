package dev.tsserver.client.connection;

import java.nio.ByteBuffer;
import java.util.Locale;

import dev.tsserver.codec.wire.ReplyPrefix;

/**
 * What the server's protocol answers to a message ({@code --protocol}): the checks of
 * {@code send}, chat and {@code bench}, and the way raw TCP replies are told apart.
 */
public enum ReplyProtocol {

    /** {@code [TIMESTAMP] payload}, in any time format the server renders. */
    TS {
        @Override
        public int payloadOffset(ByteBuffer in, int start, int length) {
            int prefix = ReplyPrefix.length(in, start, start + length);
            return prefix < 0 ? -1 : start + prefix;
        }

        @Override
        public int prefixLength(ByteBuffer in, int start, int limit) {
            return ReplyPrefix.length(in, start, limit);
        }

        @Override
        public int maxOverhead() {
            return ReplyPrefix.MAX_LENGTH;
        }
    },

    /** The payload unchanged (RFC 862). */
    ECHO {
        @Override
        public int payloadOffset(ByteBuffer in, int start, int length) {
            return start;
        }

        @Override
        public int prefixLength(ByteBuffer in, int start, int limit) {
            return 0;
        }

        @Override
        public int maxOverhead() {
            return 0;
        }
    };

    /** {@code ts} or {@code echo}, any case. */
    public static ReplyProtocol parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ts" -> TS;
            case "echo" -> ECHO;
            default -> throw new IllegalArgumentException("expected ts or echo, got '" + name + "'");
        };
    }

    /** The name users type. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Absolute index where the echoed payload starts in the reply {@code in[start, start + length)},
     * or -1 when the bytes before it are not what this protocol puts there. Does not allocate.
     */
    public abstract int payloadOffset(ByteBuffer in, int start, int length);

    /**
     * Length of what the protocol puts before the payload at absolute index {@code start},
     * looking no further than {@code limit}: 0 or more, {@link ReplyPrefix#NEED_MORE} or
     * {@link ReplyPrefix#NOT_A_PREFIX}.
     */
    public abstract int prefixLength(ByteBuffer in, int start, int limit);

    /** The most bytes a reply adds to the payload it answers. */
    public abstract int maxOverhead();

    /** Whether {@code reply} is this protocol's answer to {@code payload}. */
    public boolean answers(byte[] reply, byte[] payload) {
        int offset = payloadOffset(ByteBuffer.wrap(reply), 0, reply.length);
        if (offset < 0 || reply.length - offset != payload.length) {
            return false;
        }
        for (int i = 0; i < payload.length; i++) {
            if (reply[offset + i] != payload[i]) {
                return false;
            }
        }
        return true;
    }
}
