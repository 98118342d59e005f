package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class CidrTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void ipv4BlockContainsItsAddressesOnly() throws Exception {
        Cidr block = Cidr.parse("10.1.0.0/16");
        assertTrue(block.contains(ip("10.1.0.0")));
        assertTrue(block.contains(ip("10.1.255.255")));
        assertFalse(block.contains(ip("10.2.0.0")));
        assertFalse(block.contains(ip("11.1.0.1")));
    }

    @Test
    void prefixNotOnAByteBoundary() throws Exception {
        Cidr block = Cidr.parse("192.168.0.64/27");
        assertTrue(block.contains(ip("192.168.0.64")));
        assertTrue(block.contains(ip("192.168.0.95")));
        assertFalse(block.contains(ip("192.168.0.96")));
        assertFalse(block.contains(ip("192.168.0.63")));
    }

    @Test
    void bareAddressesAreSingleHosts() throws Exception {
        assertEquals(32, Cidr.parse("127.0.0.2").prefixLength());
        assertEquals(128, Cidr.parse("::1").prefixLength());
        assertTrue(Cidr.parse("127.0.0.2").contains(ip("127.0.0.2")));
        assertFalse(Cidr.parse("127.0.0.2").contains(ip("127.0.0.3")));
    }

    @Test
    void hostBitsAreMaskedOff() {
        assertEquals("10.0.0.0/8", Cidr.parse("10.9.8.7/8").toString());
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.200.0.1/8"));
    }

    @Test
    void ipv6Blocks() throws Exception {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertTrue(block.contains(ip("2001:db8:ffff::1")));
        assertFalse(block.contains(ip("2001:db9::1")));
        assertTrue(Cidr.parse("[::1]").contains(ip("::1")));
        assertTrue(Cidr.parse("::/0").contains(ip("fe80::1")));
        assertEquals("2001:db8::/32", block.toString());
    }

    @Test
    void familiesDoNotMixExceptForIpv4MappedAddresses() throws Exception {
        assertFalse(Cidr.parse("::/0").contains(ip("10.0.0.1")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("::1")));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        java.net.Inet6Address v6Mapped = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(Cidr.parse("10.0.0.0/8").contains(v6Mapped));
    }

    @Test
    void zeroPrefixMatchesEveryAddressOfItsFamily() throws Exception {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() {
        for (String bad : new String[] {"", "10.0.0", "10.0.0.256", "10.0.0.1/33", "::1/129", "10.0.0.0/",
                "10.0.0.0/-1", "localhost", "example.com", "1.2.3.4.5", "10.0.0.0/8/8", "::g", "10.0.0.0/1x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad.strip()) || bad.isBlank(), e.getMessage());
        }
    }

    @Test
    void listsAreCommaSeparated() {
        assertEquals(2, Cidr.parseList("127.0.0.0/8, ::1/128").size());
        assertEquals(0, Cidr.parseList("").size());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseList("10.0.0.0/8,,::1"));
    }
}
