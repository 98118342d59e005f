package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.tsserver.codec.spi.UnknownCodecException;
import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;

class TsServerConfigTest {

    @Test
    void defaultsAreTheSpecDefaults() {
        TsServerConfig config = TsServerConfig.builder().build();
        assertEquals("127.0.0.1", config.host());
        assertEquals(21567, config.port());
        assertEquals(Transport.TCP, config.transport());
        assertEquals("line", config.codec());
        assertEquals(65536, config.codecSettings().maxFrame());
        assertEquals(4, config.codecSettings().lengthPrefix());
        assertEquals(TimestampFormat.CTIME, config.timeFormat());
        assertEquals(Duration.ofSeconds(300), config.idleTimeout());
        assertEquals(10_000, config.maxConnections());
    }

    @Test
    void rejectsBadValuesBeforeAnythingIsBound() {
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().port(65536).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().port(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().maxFrame(0).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().lengthPrefix(3).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().workers(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().maxConnections(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> TsServerConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> TsServerConfig.builder().writeWaterMarks(10, 10).build());
        UnknownCodecException unknown =
                assertThrows(UnknownCodecException.class, () -> TsServerConfig.builder().codec("nope").build());
        assertTrue(unknown.getMessage().contains("line, length, raw"), unknown.getMessage());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        TsServerConfig config = TsServerConfig.builder().port(0).codec("raw").workers(3).maxFrame(10)
                .idleTimeout(Duration.ZERO).transport(Transport.BOTH).build();
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void toBuilderKeepsExplicitListeners() {
        TsServerConfig config = TsServerConfig.builder().codec("raw")
                .listen("tcp://127.0.0.1:0?protocol=echo").listen("udp://127.0.0.1:0").build();
        assertEquals(2, config.listeners().size());
        assertEquals(config, config.toBuilder().build());
        assertEquals("raw", config.listeners().get(0).codec(), "the shorthand's codec is the listeners' default");
    }

    @Test
    void shorthandWithBothIsATcpAndAUdpListenerOnOnePort() {
        TsServerConfig config = TsServerConfig.builder().transport(Transport.BOTH).protocol("echo").build();
        assertEquals(2, config.listeners().size());
        assertEquals(Scheme.TCP, config.listeners().get(0).scheme());
        assertEquals(Scheme.UDP, config.listeners().get(1).scheme());
        assertEquals("echo", config.listeners().get(1).protocol());
        assertTrue(config.sharedPort());
    }

    @Test
    void badValuesNameTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> TsServerConfig.builder().maxFrame(0).build());
        assertEquals("max-frame", e.setting());
        e = assertThrows(InvalidSettingException.class, () -> TsServerConfig.builder().workers(-1).build());
        assertEquals("workers", e.setting());
        e = assertThrows(InvalidSettingException.class, () -> TsServerConfig.builder().protocol("gopher").build());
        assertEquals("protocol", e.setting());
    }

    private static final TlsSettings TLS = new TlsSettings(Path.of("c.pem"), Path.of("k.pem"), null);

    @Test
    void tlsTurnsTheShorthandsTcpListenerIntoATlsOneAndLeavesUdpAlone() {
        TsServerConfig config = TsServerConfig.builder().transport(Transport.BOTH).tls(TLS).build();
        assertEquals(List.of(Scheme.TLS, Scheme.UDP), config.listeners().stream().map(ListenerSettings::scheme).toList());
        assertTrue(config.listeners().get(1).tls().isEmpty());
    }

    @Test
    void explicitListenersTakeTheEdgeDefaultsButTheSchemeSaysWhetherTheyAreTls() {
        TsServerConfig config = TsServerConfig.builder().tls(TLS).accessPolicy(AccessPolicy.parse("10.0.0.0/8", null))
                .listen("tcp://127.0.0.1:0").listen("tls://127.0.0.1:0?allow=127.0.0.1").build();
        ListenerSettings plain = config.listeners().get(0);
        ListenerSettings tls = config.listeners().get(1);
        assertEquals(Scheme.TCP, plain.scheme());
        assertTrue(plain.tls().isEmpty());
        assertEquals("allow=10.0.0.0/8 deny=no one", plain.edge().access().toString());
        assertEquals(Path.of("c.pem"), tls.tls().orElseThrow().certificateChain());
        assertEquals("allow=127.0.0.1/32 deny=no one", tls.edge().access().toString());
    }
}
