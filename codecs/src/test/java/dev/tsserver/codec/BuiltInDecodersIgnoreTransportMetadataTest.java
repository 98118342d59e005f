package dev.tsserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.testkit.Chunkings;
import dev.tsserver.codec.testkit.CodecHarness;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.IoSessionConfig;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in decoders keep partial frames themselves, so they work the same on a session
 * that reports no fragmentation (a {@code DummySession}, a VmPipe) as on TCP. Not a plug-in
 * requirement: the contract kit runs on TCP-like sessions, where MINA's
 * {@code CumulativeProtocolDecoder} also accumulates.
 */
@Timeout(10)
class BuiltInDecodersIgnoreTransportMetadataTest {

    private static final TransportMetadata NON_FRAGMENTING = new DefaultTransportMetadata("test", "non-fragmenting",
            false, false, InetSocketAddress.class, IoSessionConfig.class, Object.class);

    @ParameterizedTest
    @CsvSource({"line, 68656c6c6f0a", "length, 0000000568656c6c6f"})
    void aFrameInTwoReadsDecodesWithoutAFragmentingTransport(String codec, String wireHex) {
        byte[] stream = java.util.HexFormat.of().parseHex(wireHex);
        try (CodecHarness harness = CodecHarness.withTransport(
                CodecRegistry.discover().newCodecFactory(codec, CodecSettings.defaults()), NON_FRAGMENTING)) {
            assertFalse(harness.session().getTransportMetadata().hasFragmentation(), "precondition");
            harness.feed(Chunkings.splitAt(stream, 3));
            assertEquals(List.of(), harness.errors());
            assertEquals(List.of("hello"),
                    harness.messages().stream().map(m -> new String(m, StandardCharsets.US_ASCII)).toList());
        }
    }
}
