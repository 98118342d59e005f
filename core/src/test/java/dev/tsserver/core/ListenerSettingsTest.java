package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.Cidr;
import dev.tsserver.core.edge.EdgeSettings;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListenerSettingsTest {

    private static final ListenerSettings DEFAULTS = ListenerSettings.builder().build();

    @Test
    void parsesEveryKey() {
        ListenerSettings s = ListenerSettings.parse("tcp://0.0.0.0:7000?protocol=echo&codec=length&max-frame=100"
                + "&length-prefix=2&time-format=iso&zone=Asia/Shanghai&idle-timeout=0&max-connections=5", DEFAULTS);
        assertEquals(Scheme.TCP, s.scheme());
        assertEquals("0.0.0.0", s.host());
        assertEquals(7000, s.port());
        assertEquals("echo", s.protocol());
        assertEquals("length", s.codec());
        assertEquals(100, s.codecSettings().maxFrame());
        assertEquals(2, s.codecSettings().lengthPrefix());
        assertEquals(TimestampFormat.ISO, s.timeFormat());
        assertEquals("Asia/Shanghai", s.zone().getId());
        assertEquals(Duration.ZERO, s.idleTimeout());
        assertEquals(5, s.maxConnections());
    }

    @Test
    void keysNotNamedKeepTheDefaults() {
        ListenerSettings defaults = ListenerSettings.builder().codec("raw").maxFrame(9).protocol("echo").build();
        ListenerSettings s = ListenerSettings.parse("udp://[::1]:0", defaults);
        assertEquals(Scheme.UDP, s.scheme());
        assertEquals("::1", s.host());
        assertEquals(0, s.port());
        assertEquals("raw", s.codec());
        assertEquals(9, s.codecSettings().maxFrame());
        assertEquals("echo", s.protocol());
    }

    @Test
    void hostNameAndSchemeCaseAreAccepted() {
        ListenerSettings s = ListenerSettings.parse("TCP://localhost:1", DEFAULTS);
        assertEquals("localhost", s.host());
        assertEquals(Scheme.TCP, s.scheme());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sctp://127.0.0.1:1                           | scheme     | unknown scheme 'sctp'",
            "tls://127.0.0.1:1                            | tls-cert   | a tls:// listener needs tls-cert and tls-key",
            "127.0.0.1:1                                  | listen     | is not SCHEME://HOST:PORT",
            "tcp://127.0.0.1                              | port       | has no :PORT",
            "tcp://127.0.0.1:70000                        | port       | 70000 is outside 0..65535",
            "tcp://127.0.0.1:x                            | port       | 'x' is not a port number",
            "tcp://:1                                     | host       | has no host",
            "tcp://::1:1                                  | host       | must be in brackets",
            "tcp://[::1:1                                 | host       | is not [IPV6]:PORT",
            "tcp://127.0.0.1:1?bogus=1                    | bogus      | unknown key 'bogus'",
            "tcp://127.0.0.1:1?codec                      | codec      | is not KEY=VALUE",
            "tcp://127.0.0.1:1?codec=                     | codec      | key 'codec' needs a value",
            "tcp://127.0.0.1:1?max-frame=0                | max-frame  | must be at least 1 byte",
            "tcp://127.0.0.1:1?max-frame=big              | max-frame  | 'big' is not a whole number",
            "tcp://127.0.0.1:1?length-prefix=3            | length-prefix | must be 1, 2 or 4",
            "tcp://127.0.0.1:1?time-format=rfc            | time-format | expected ctime, iso or epoch",
            "tcp://127.0.0.1:1?zone=Mars/Olympus          | zone       | unknown time zone 'Mars/Olympus'",
            "tcp://127.0.0.1:1?idle-timeout=-1            | idle-timeout | must be 0..",
            "tcp://127.0.0.1:1?max-connections=0          | max-connections | must be at least 1",
            "tcp://127.0.0.1:1?codec=raw&codec=line       | codec      | given twice",
            "tcp://127.0.0.1:1?proxy-protocol=v3          | proxy-protocol | expected off, v1, v2 or any",
            "tcp://127.0.0.1:1?allow=10.0.0.0/33          | allow      | prefix length over 32",
            "tcp://127.0.0.1:1?deny=10.0.0.0/8,           | deny       | empty entry",
            "tcp://127.0.0.1:1?proxy-trusted=nowhere      | proxy-trusted | key 'proxy-trusted'",
            "tcp://127.0.0.1:1?max-connections-per-source=-1 | max-connections-per-source | must be 0 (no limit) or more",
            "udp://127.0.0.1:1?udp-rate-per-source=-5     | udp-rate-per-source | must be 0 (no limit) or more",
            "tcp://127.0.0.1:1?tls-cert=a.pem             | tls-cert   | does not apply to a tcp:// listener (use tls://)",
            "udp://127.0.0.1:1?proxy-protocol=v1          | proxy-protocol | does not apply to a udp:// listener",
            "udp://127.0.0.1:1?max-connections-per-source=2 | max-connections-per-source | does not apply to a udp://",
            "tcp://127.0.0.1:1?udp-rate-per-source=2      | udp-rate-per-source | does not apply to a tcp://",
            "tls://127.0.0.1:1?tls-cert=a.pem             | tls-key    | tls-cert needs tls-key too",
            "tls://127.0.0.1:1?tls-key=a.pem&tls-client-ca=ca.pem | tls-cert | tls-key needs tls-cert too",
    })
    void everyErrorNamesTheBadPart(String endpoint, String setting, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ListenerSettings.parse(endpoint, DEFAULTS));
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parsesEveryEdgeKey() {
        ListenerSettings s = ListenerSettings.parse("tls://127.0.0.1:0?tls-cert=c.pem&tls-key=k.pem&tls-client-ca=ca.pem"
                + "&allow=10.0.0.0/8,::1&deny=10.1.0.0/16&proxy-protocol=v2&proxy-trusted=192.0.2.1"
                + "&max-connections-per-source=3", DEFAULTS);
        assertEquals(Scheme.TLS, s.scheme());
        TlsSettings tls = s.tls().orElseThrow();
        assertEquals(Path.of("c.pem"), tls.certificateChain());
        assertEquals(Path.of("k.pem"), tls.privateKey());
        assertEquals(Path.of("ca.pem"), tls.clientCa());
        EdgeSettings edge = s.edge();
        assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1")), edge.access().allow());
        assertEquals(List.of(Cidr.parse("10.1.0.0/16")), edge.access().deny());
        assertEquals(ProxyProtocolSettings.Mode.V2, edge.proxyProtocol().mode());
        assertEquals(List.of(Cidr.parse("192.0.2.1")), edge.proxyProtocol().trusted());
        assertEquals(3, edge.maxConnectionsPerSource());
        assertEquals(7, ListenerSettings.parse("udp://127.0.0.1:0?udp-rate-per-source=7", DEFAULTS)
                .edge().udpRatePerSource());
    }

    @Test
    void edgeKeysNotNamedKeepTheCommandLinesValuesAndOnlyTlsSchemesUseTheFiles() {
        ListenerSettings defaults = ListenerSettings.builder()
                .tls(new TlsSettings(Path.of("c.pem"), Path.of("k.pem"), null))
                .accessPolicy(AccessPolicy.parse("127.0.0.1", null)).maxConnectionsPerSource(2).build();
        ListenerSettings tls = ListenerSettings.parse("tls://127.0.0.1:0?tls-key=other.pem", defaults);
        assertEquals(Path.of("c.pem"), tls.tls().orElseThrow().certificateChain(), "inherited");
        assertEquals(Path.of("other.pem"), tls.tls().orElseThrow().privateKey(), "its own");
        assertEquals(2, tls.edge().maxConnectionsPerSource());
        ListenerSettings plain = ListenerSettings.parse("tcp://127.0.0.1:0?allow=127.0.0.2", defaults);
        assertTrue(plain.tls().isEmpty(), "a tcp:// listener stays plain whatever --tls-cert says");
        assertEquals(List.of(Cidr.parse("127.0.0.2")), plain.edge().access().allow());
    }

    @Test
    void builderChecksValuesAndNamesThem() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ListenerSettings.builder().port(-1).build());
        assertEquals("port", e.setting());
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ListenerSettings s = ListenerSettings.parse("udp://127.0.0.1:5?protocol=time&zone=UTC", DEFAULTS);
        assertEquals(s, s.toBuilder().build());
    }
}
