package dev.tsserver.client.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCountersTest {

    /** Captured from Linux 6.18, trimmed to the lines around UDP. */
    private static final String SNMP = """
            Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
            Tcp: 1 200 120000 -1 118 62 0 3 4 120334 121802 17 0 21 0
            Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            Udp: 7265 1 4862 7267 4862 0 0 0 0
            UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            UdpLite: 0 0 0 0 99 0 0 0 0
            """;

    /** The shape of /proc/net/netstat, its columns trimmed. */
    private static final String NETSTAT = """
            TcpExt: SyncookiesSent PruneCalled TCPFromZeroWindowAdv TCPToZeroWindowAdv TCPWantZeroWindowAdv
            TcpExt: 0 44 3 3 308
            IpExt: InNoRoutes InTruncatedPkts
            IpExt: 0 0
            """;

    @Test
    void readsTheExtendedTcpCountersOfNetstat() {
        assertEquals(Optional.of(3L), KernelCounters.parse(NETSTAT, "TcpExt", "TCPToZeroWindowAdv"));
        assertEquals(Optional.of(0L), KernelCounters.parse(NETSTAT, "IpExt", "InTruncatedPkts"));
    }

    @Test
    void readsUdpReceiveBufferDropsFromTheValueLineUnderItsName() {
        assertEquals(Optional.of(4862L), KernelCounters.parse(SNMP, "Udp", "RcvbufErrors"));
    }

    @Test
    void readsTcpRetransmittedSegments() {
        assertEquals(Optional.of(17L), KernelCounters.parse(SNMP, "Tcp", "RetransSegs"));
    }

    @Test
    void udpLiteLinesAreNotUdpLines() {
        String liteOnly = SNMP.lines().filter(l -> l.startsWith("UdpLite:"))
                .reduce("", (a, b) -> a + b + "\n");
        assertEquals(Optional.empty(), KernelCounters.parse(liteOnly, "Udp", "RcvbufErrors"));
        assertEquals(Optional.of(99L), KernelCounters.parse(SNMP, "UdpLite", "RcvbufErrors"));
    }

    @Test
    void anOlderKernelWithoutTheColumnGivesNothing() {
        String old = "Udp: InDatagrams NoPorts InErrors OutDatagrams\nUdp: 1 2 3 4\n";
        assertEquals(Optional.empty(), KernelCounters.parse(old, "Udp", "RcvbufErrors"));
    }

    @Test
    void aValueLineThatDoesNotMatchItsHeaderGivesNothing() {
        String torn = "Udp: InDatagrams RcvbufErrors SndbufErrors\nUdp: 1 2\n";
        assertEquals(Optional.empty(), KernelCounters.parse(torn, "Udp", "RcvbufErrors"));
        String notNumber = "Udp: InDatagrams RcvbufErrors\nUdp: 1 many\n";
        assertEquals(Optional.empty(), KernelCounters.parse(notNumber, "Udp", "RcvbufErrors"));
        assertEquals(Optional.empty(), KernelCounters.parse("Udp: InDatagrams RcvbufErrors\n", "Udp", "RcvbufErrors"));
        assertEquals(Optional.empty(), KernelCounters.parse("", "Udp", "RcvbufErrors"));
    }

    @Test
    void readsTheFileItIsGiven(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("snmp");
        Files.writeString(file, SNMP, StandardCharsets.US_ASCII);
        Path netstat = dir.resolve("netstat");
        Files.writeString(netstat, NETSTAT, StandardCharsets.US_ASCII);
        KernelCounters counters = new KernelCounters(file, netstat);
        assertEquals(Optional.of(4862L), counters.read(KernelCounters.UDP, KernelCounters.UDP_RCVBUF_ERRORS));
        assertEquals(Optional.of(17L), counters.read(KernelCounters.TCP, KernelCounters.TCP_RETRANS_SEGS));
        assertEquals(Optional.of(3L), counters.read(KernelCounters.TCP_EXT, KernelCounters.TCP_TO_ZERO_WINDOW));
    }

    @Test
    void aPlatformWithoutTheFileHasNoCounter(@TempDir Path dir) {
        KernelCounters counters = new KernelCounters(dir.resolve("no-such-file"), dir.resolve("nor-this"));
        assertTrue(counters.read(KernelCounters.UDP, KernelCounters.UDP_RCVBUF_ERRORS).isEmpty());
        assertTrue(counters.read(KernelCounters.TCP_EXT, KernelCounters.TCP_TO_ZERO_WINDOW).isEmpty());
    }
}
