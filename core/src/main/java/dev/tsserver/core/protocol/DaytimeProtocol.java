package dev.tsserver.core.protocol;

import java.nio.charset.StandardCharsets;

import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.service.IoHandler;

/**
 * {@code daytime} (RFC 867): on TCP, one line with the time as the listener's
 * {@code --time-format} and {@code --zone} give it, then CRLF, then close; on UDP, the same
 * line for any datagram.
 */
public final class DaytimeProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "daytime";
    }

    @Override
    public String description() {
        return "RFC 867: the time as text + CRLF, then close";
    }

    /** A fixed wire format: one line, whatever --codec says. */
    @Override
    public boolean usesCodec() {
        return false;
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        TimestampFormatter timestamps = context.timestamps();
        return new OnConnectReply(() -> line(timestamps, context.clock().millis()), context);
    }

    static byte[] line(TimestampFormatter timestamps, long epochMillis) {
        return (timestamps.render(epochMillis) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
