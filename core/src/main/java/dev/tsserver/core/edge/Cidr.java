package dev.tsserver.core.edge;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An IPv4 or IPv6 address block, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is
 * a {@code /32} or {@code /128}. Only literals are accepted, never host names: parsing must not
 * wait on DNS, and an access list that changes with DNS is not an access list.
 *
 * <p>An IPv4 block also matches the IPv4-mapped IPv6 form of its addresses
 * ({@code ::ffff:10.1.2.3}), as a dual-stack socket reports IPv4 peers that way.
 */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("network must be 4 or 16 bytes, was " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0.." + network.length * 8 + ", was " + prefixLength);
        }
        network = mask(network.clone(), prefixLength);
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}.
     *
     * @throws IllegalArgumentException with a message naming what is wrong
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addressPart, text);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String prefixPart = s.substring(slash + 1);
            if (prefixPart.isEmpty() || prefixPart.length() > 3 || !prefixPart.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + text + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(prefixPart);
            if (prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "': prefix length over " + bytes.length * 8);
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** Parses a comma-separated list; empty entries are an error, an empty string an empty list. */
    public static List<Cidr> parseList(String commaSeparated) {
        List<Cidr> blocks = new ArrayList<>();
        if (commaSeparated.isBlank()) {
            return blocks;
        }
        for (String part : commaSeparated.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("empty entry in '" + commaSeparated + "'");
            }
            blocks.add(parse(part));
        }
        return blocks;
    }

    private static byte[] literal(String address, String original) {
        String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        boolean v4 = !a.isEmpty() && a.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean v6 = a.indexOf(':') >= 0 && a.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (v4) {
            return ipv4(a, original);
        }
        if (!v6) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv4 or IPv6 address");
        }
        try {
            // A literal with only hex digits, ':' and '.' never triggers a DNS lookup.
            InetAddress parsed = InetAddress.getByName(a.toLowerCase(Locale.ROOT));
            byte[] bytes = parsed.getAddress();
            if (parsed instanceof Inet4Address) { // ::ffff:a.b.c.d written as IPv6: keep it IPv6
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv6 address");
        }
    }

    private static byte[] ipv4(String a, String original) {
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + original + "' is not an IPv4 address (need four numbers)");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("'" + original + "' is not an IPv4 address");
            }
            bytes[i] = (byte) Integer.parseInt(p);
        }
        return bytes;
    }

    private static byte[] mask(byte[] bytes, int prefixLength) {
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return bytes;
    }

    /** Whether {@code address} lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length == 16 && network.length == 4 && isIpv4Mapped(candidate)) {
            byte[] v4 = new byte[4];
            System.arraycopy(candidate, 12, v4, 0, 4);
            candidate = v4;
        }
        if (candidate.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int maskByte = (0xff << (8 - restBits)) & 0xff;
        return (candidate[fullBytes] & maskByte) == (network[fullBytes] & 0xff);
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.prefixLength == prefixLength
                && java.util.Arrays.equals(other.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    /** {@code 10.0.0.0/8}, {@code ::1/128}. */
    @Override
    public String toString() {
        try {
            return dev.tsserver.core.Addresses.hostLiteral(InetAddress.getByAddress(network)) + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }
}
