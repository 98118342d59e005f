package dev.tsserver.client.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.RuntimeIoException;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-line reasons users see, from the exceptions MINA and the JDK produce. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TsConnectionReasonTest {

    @Test
    void theIoCauseInsideMinasWrapperIsShownInLowerCase() {
        assertEquals("connection refused",
                TsConnection.reason(new RuntimeIoException("Failed to get the session.", new ConnectException("Connection refused"))));
        assertEquals("connection timed out", TsConnection.reason(new ConnectException("Connection timed out.")));
        assertEquals("connection reset by peer", TsConnection.reason(new IOException("Connection reset by peer")));
        assertEquals("port unreachable", TsConnection.reason(new PortUnreachableException()));
    }

    @Test
    void decoderHexDumpsAreLeftOut() {
        ProtocolDecoderException e = new ProtocolDecoderException("Bad frame");
        e.setHexdump("41 42 43 ".repeat(10_000));
        assertEquals("bad frame", TsConnection.reason(e));
    }

    @Test
    void longMessagesAreCut() {
        String reason = TsConnection.reason(new IOException("x".repeat(1000)));
        assertEquals(203, reason.length());
    }
}
