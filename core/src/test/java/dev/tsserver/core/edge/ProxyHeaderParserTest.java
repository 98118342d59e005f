package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.ProxyHeaders.concat;
import static dev.tsserver.core.edge.ProxyHeaders.v1;
import static dev.tsserver.core.edge.ProxyHeaders.v2;
import static dev.tsserver.core.edge.ProxyHeaders.v2Local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProxyHeaderParserTest {

    private static ProxyHeader parseAny(byte[] bytes) throws ProxyHeaderException {
        return ProxyHeaderParser.parse(bytes, bytes.length, true, true);
    }

    @Test
    void v1Tcp4() throws Exception {
        byte[] wire = concat(v1("PROXY TCP4 192.0.2.1 198.51.100.1 56324 443"), "hello\n".getBytes(StandardCharsets.US_ASCII));
        ProxyHeader header = parseAny(wire);
        assertEquals(1, header.version());
        assertEquals(wire.length - 6, header.length());
        assertEquals(new InetSocketAddress("192.0.2.1", 56324), header.source());
        assertEquals(new InetSocketAddress("198.51.100.1", 443), header.destination());
    }

    @Test
    void v1Tcp6() throws Exception {
        ProxyHeader header = parseAny(v1("PROXY TCP6 2001:db8::1 ::1 65535 0"));
        assertEquals(new InetSocketAddress("2001:db8::1", 65535), header.source());
    }

    @Test
    void v1UnknownKeepsTheSocketAddresses() throws Exception {
        ProxyHeader header = parseAny(v1("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535"));
        assertTrue(header.keepsSocketAddresses());
        assertTrue(parseAny(v1("PROXY UNKNOWN")).keepsSocketAddresses());
    }

    @Test
    void v1SplitAtEveryPositionNeedsMoreUntilTheLastByte() throws Exception {
        byte[] wire = v1("PROXY TCP4 192.0.2.1 198.51.100.1 56324 443");
        for (int n = 1; n < wire.length; n++) {
            assertNull(ProxyHeaderParser.parse(wire, n, true, true), "prefix of " + n);
        }
        assertEquals(wire.length, ProxyHeaderParser.parse(wire, wire.length, true, true).length());
    }

    @Test
    void v1OfExactly107BytesIsAcceptedAnd108IsNot() throws Exception {
        String base = "PROXY UNKNOWN ";
        byte[] longest = v1(base + "x".repeat(107 - 2 - base.length()));
        assertEquals(107, longest.length);
        assertEquals(107, parseAny(longest).length());
        byte[] tooLong = v1(base + "x".repeat(108 - 2 - base.length()));
        ProxyHeaderException e = assertThrows(ProxyHeaderException.class, () -> parseAny(tooLong));
        assertTrue(e.getMessage().contains("107"), e.getMessage());
    }

    @Test
    void v1WithoutCrlfFailsOnceItCannotFitAnyMore() {
        byte[] endless = ("PROXY TCP4 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII);
        assertThrows(ProxyHeaderException.class, () -> parseAny(endless));
    }

    @Test
    void v1Malformed() {
        String[] bad = {
            "PROXY TCP4 192.0.2.1 198.51.100.1 56324",
            "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443 extra",
            "PROXY TCP5 192.0.2.1 198.51.100.1 56324 443",
            "PROXY TCP4 192.0.2.256 198.51.100.1 56324 443",
            "PROXY TCP4 2001:db8::1 198.51.100.1 56324 443",
            "PROXY TCP6 192.0.2.1 ::1 56324 443",
            "PROXY TCP4 192.0.2.1 198.51.100.1 65536 443",
            "PROXY TCP4 192.0.2.1 198.51.100.1 -1 443",
            "PROXY TCP4  192.0.2.1 198.51.100.1 1 443",
            "PROXY TCP6 localhost ::1 1 443",
            "PROXY TCP4 192.0.2.1 198.51.100.1 1\t 443",
        };
        for (String line : bad) {
            assertThrows(ProxyHeaderException.class, () -> parseAny(v1(line)), line);
        }
        assertThrows(ProxyHeaderException.class,
                () -> parseAny("PROXY TCP4 1.2.3.4 1.2.3.4 1 2\rX".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void v2Ipv4WithTlvsSkipped() throws Exception {
        byte[] tlvs = {0x01, 0x00, 0x02, 'h', '2', 0x04, 0x00, 0x00}; // ALPN "h2", NOOP
        byte[] header = v2("203.0.113.7", 40000, "127.0.0.1", 21567, tlvs);
        byte[] wire = concat(header, new byte[] {'x'});
        ProxyHeader parsed = parseAny(wire);
        assertEquals(2, parsed.version());
        assertEquals(header.length, parsed.length());
        assertEquals(new InetSocketAddress("203.0.113.7", 40000), parsed.source());
        assertEquals(new InetSocketAddress("127.0.0.1", 21567), parsed.destination());
    }

    @Test
    void v2Ipv6() throws Exception {
        ProxyHeader parsed = parseAny(v2("2001:db8::7", 1, "::1", 2, new byte[0]));
        assertEquals(new InetSocketAddress("2001:db8::7", 1), parsed.source());
    }

    @Test
    void v2LocalKeepsTheSocketAddresses() throws Exception {
        ProxyHeader parsed = parseAny(v2Local());
        assertTrue(parsed.keepsSocketAddresses());
        assertEquals(16, parsed.length());
    }

    @Test
    void v2SplitAtEveryPosition() throws Exception {
        byte[] wire = v2("203.0.113.7", 40000, "127.0.0.1", 21567, new byte[] {0x04, 0x00, 0x01, 0x00});
        for (int n = 1; n < wire.length; n++) {
            assertNull(ProxyHeaderParser.parse(wire, n, true, true), "prefix of " + n);
        }
        assertEquals(wire.length, parseAny(wire).length());
    }

    @Test
    void v2Malformed() throws Exception {
        byte[] good = v2("203.0.113.7", 40000, "127.0.0.1", 21567, new byte[0]);
        byte[] badVersion = good.clone();
        badVersion[12] = 0x11;
        byte[] badCommand = good.clone();
        badCommand[12] = 0x22;
        byte[] badFamily = good.clone();
        badFamily[13] = 0x41;
        byte[] shortBlock = good.clone();
        shortBlock[15] = 8; // IPv4 needs 12
        for (byte[] bad : new byte[][] {badVersion, badCommand, badFamily}) {
            assertThrows(ProxyHeaderException.class, () -> parseAny(bad));
        }
        assertThrows(ProxyHeaderException.class, () -> parseAny(java.util.Arrays.copyOf(shortBlock, 24)));
    }

    @Test
    void modesAcceptOnlyTheirVersion() throws Exception {
        byte[] one = v1("PROXY TCP4 192.0.2.1 198.51.100.1 1 2");
        byte[] two = v2("192.0.2.1", 1, "198.51.100.1", 2, new byte[0]);
        assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(two, two.length, true, false));
        assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(one, one.length, false, true));
        assertEquals(1, ProxyHeaderParser.parse(one, one.length, true, false).version());
        assertEquals(2, ProxyHeaderParser.parse(two, two.length, false, true).version());
    }

    @Test
    void dataThatIsNoHeaderFailsAtTheFirstWrongByte() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(hello, 1, true, true));
        byte[] almost = "PROXZ".getBytes(StandardCharsets.US_ASCII);
        assertThrows(ProxyHeaderException.class, () -> parseAny(almost));
    }

    @Test
    void sniffTellsHeadersFromOrdinaryData() throws Exception {
        byte[] hello = "PROX\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ProxyHeaderParser.Sniff.UNDECIDED, ProxyHeaderParser.sniff(hello, 4));
        assertEquals(ProxyHeaderParser.Sniff.NOT_A_HEADER, ProxyHeaderParser.sniff(hello, 5));
        byte[] v1 = v1("PROXY UNKNOWN");
        assertEquals(ProxyHeaderParser.Sniff.HEADER, ProxyHeaderParser.sniff(v1, 6));
        byte[] v2 = v2Local();
        assertEquals(ProxyHeaderParser.Sniff.UNDECIDED, ProxyHeaderParser.sniff(v2, 11));
        assertEquals(ProxyHeaderParser.Sniff.HEADER, ProxyHeaderParser.sniff(v2, 12));
        assertEquals(ProxyHeaderParser.Sniff.NOT_A_HEADER, ProxyHeaderParser.sniff(new byte[] {'\r', '\n', 'x'}, 3));
    }
}
