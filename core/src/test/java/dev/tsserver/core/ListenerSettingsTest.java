package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

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
            "tls://127.0.0.1:1                            | scheme     | scheme 'tls' is not supported yet",
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
            "tcp://127.0.0.1:1?proxy-protocol=v1          | proxy-protocol | key 'proxy-protocol' is not supported yet",
            "tcp://127.0.0.1:1?allow=10.0.0.0/8           | allow      | key 'allow' is not supported yet",
            "tcp://127.0.0.1:1?tls-cert=a.pem             | tls-cert   | key 'tls-cert' is not supported yet",
    })
    void everyErrorNamesTheBadPart(String endpoint, String setting, String message) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> ListenerSettings.parse(endpoint, DEFAULTS));
        assertEquals(setting, e.setting());
        assertTrue(e.getMessage().contains(message), e.getMessage());
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
