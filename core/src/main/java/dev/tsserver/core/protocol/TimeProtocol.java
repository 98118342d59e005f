package dev.tsserver.core.protocol;

import org.apache.mina.core.service.IoHandler;

/**
 * {@code time} (RFC 868): on TCP, four bytes, the big-endian unsigned number of seconds since
 * 1900-01-01T00:00:00Z (mod 2^32), then close; on UDP, those four bytes for any datagram.
 */
public final class TimeProtocol implements ProtocolProvider {

    /** Seconds from 1900-01-01T00:00:00Z to 1970-01-01T00:00:00Z (RFC 868). */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    @Override
    public String name() {
        return "time";
    }

    @Override
    public String description() {
        return "RFC 868: seconds since 1900 as 4 bytes, then close";
    }

    /** A fixed wire format: four bytes, whatever --codec says. */
    @Override
    public boolean usesCodec() {
        return false;
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new OnConnectReply(() -> bytes(context.clock().millis()), context);
    }

    /** The RFC 868 value for an instant: wraps in 2036, as the RFC's 32 bits do. */
    static byte[] bytes(long epochMillis) {
        long value = Math.floorDiv(epochMillis, 1000) + SECONDS_1900_TO_1970;
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
