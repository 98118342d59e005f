package dev.tsserver.client.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.UnknownCodecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionSettingsTest {

    private static ConnectionSettings settings(String host, ClientTransport transport, String codec, int maxFrame,
                                               int lengthPrefix) {
        return new ConnectionSettings(host, 21567, transport, codec, new CodecSettings(maxFrame, lengthPrefix),
                Duration.ofSeconds(5), CodecRegistry.discover());
    }

    private static ConnectionSettings tcp(String codec) {
        return settings("localhost", ClientTransport.TCP, codec, 65536, 4);
    }

    @Test
    void peerBracketsIpv6Literals() {
        assertEquals("localhost:21567", tcp("line").peer());
        assertEquals("[::1]:21567", settings("::1", ClientTransport.TCP, "line", 10, 4).peer());
        assertEquals("[::1]:21567", settings("[::1]", ClientTransport.TCP, "line", 10, 4).peer());
    }

    @Test
    void timeoutIsShownAsTyped() {
        ConnectionSettings half = new ConnectionSettings("h", 1, ClientTransport.TCP, "line", CodecSettings.defaults(),
                Duration.ofMillis(500), CodecRegistry.discover());
        assertEquals("0.5 s", half.timeoutText());
        assertEquals("5 s", tcp("line").timeoutText());
    }

    @Test
    void onlyRawTcpIsStopAndWait() {
        assertTrue(tcp("line").keepsMessagesApart());
        assertTrue(tcp("length").keepsMessagesApart());
        assertFalse(tcp("raw").keepsMessagesApart());
        assertTrue(settings("h", ClientTransport.UDP, "raw", 10, 4).keepsMessagesApart());
    }

    @Test
    void whatCannotGoOutAsOneMessageIsNamed() {
        assertEquals(Optional.empty(), tcp("line").whyUnsendable(new byte[0]));
        assertTrue(tcp("line").whyUnsendable("a\nb".getBytes()).isPresent());
        assertEquals(Optional.empty(), tcp("length").whyUnsendable("a\nb".getBytes()));
        assertEquals(Optional.of("256 bytes do not fit a 1-byte length field (max 255)"),
                settings("h", ClientTransport.TCP, "length", 1000, 1).whyUnsendable(new byte[256]));
        assertEquals(Optional.empty(), settings("h", ClientTransport.TCP, "length", 1000, 1).whyUnsendable(new byte[255]));
        assertEquals(Optional.of("11 bytes is more than --max-frame 10"),
                settings("h", ClientTransport.TCP, "line", 10, 4).whyUnsendable(new byte[11]));
        assertTrue(tcp("raw").whyUnsendable(new byte[0]).isPresent());
        assertTrue(settings("h", ClientTransport.UDP, "line", 100_000, 4).whyUnsendable(new byte[65_508]).isPresent());
        assertTrue(settings("h", ClientTransport.UDP, "line", 10, 4).whyUnsendable(new byte[0]).isPresent());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionSettings("h", 65_536, ClientTransport.TCP,
                "line", CodecSettings.defaults(), Duration.ofSeconds(1), CodecRegistry.discover()));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionSettings("h", 1, ClientTransport.TCP,
                "line", CodecSettings.defaults(), Duration.ZERO, CodecRegistry.discover()));
        assertThrows(UnknownCodecException.class, () -> tcp("nope"));
    }
}
