package dev.tsserver.core.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Reads HAProxy's PROXY protocol header (versions 1 and 2, haproxy.org/download/2.6/doc/proxy-protocol.txt)
 * from the first bytes of a connection. No MINA in here: the parser looks at a byte array that
 * holds everything received so far and says "need more", "here is the header", or throws.
 * Stateless, so a header split across any number of reads parses the same as one in one read,
 * and it can be fuzzed on its own.
 *
 * <p>Bounds: a v1 header is at most 107 bytes including its CRLF; a v2 header is 16 bytes plus
 * the length its header declares (at most 65,535). TLVs in a v2 header are skipped, not read.
 */
public final class ProxyHeaderParser {

    /** The longest v1 header, CRLF included (the specification's figure). */
    public static final int V1_MAX_LENGTH = 107;
    /** The fixed part of a v2 header: signature, version/command, family, length. */
    public static final int V2_FIXED_LENGTH = 16;
    /** The longest v2 header. */
    public static final int V2_MAX_LENGTH = V2_FIXED_LENGTH + 0xFFFF;

    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private static final int V2_IPV4_BLOCK = 12;
    private static final int V2_IPV6_BLOCK = 36;
    private static final int V2_UNIX_BLOCK = 216;

    private ProxyHeaderParser() {
    }

    /** How the first bytes of a connection relate to a PROXY header. */
    public enum Sniff {
        /** They cannot be the start of a header (of any version). */
        NOT_A_HEADER,
        /** Too few bytes to tell. */
        UNDECIDED,
        /** They begin with a full v1 prefix or v2 signature. */
        HEADER
    }

    /** Tells, from as few bytes as possible, whether a connection starts with a PROXY header. */
    public static Sniff sniff(byte[] data, int length) {
        Sniff v1 = matchPrefix(data, length, V1_PREFIX);
        Sniff v2 = matchPrefix(data, length, V2_SIGNATURE);
        if (v1 == Sniff.HEADER || v2 == Sniff.HEADER) {
            return Sniff.HEADER;
        }
        if (v1 == Sniff.UNDECIDED || v2 == Sniff.UNDECIDED) {
            return Sniff.UNDECIDED;
        }
        return Sniff.NOT_A_HEADER;
    }

    private static Sniff matchPrefix(byte[] data, int length, byte[] prefix) {
        int n = Math.min(length, prefix.length);
        for (int i = 0; i < n; i++) {
            if (data[i] != prefix[i]) {
                return Sniff.NOT_A_HEADER;
            }
        }
        return length >= prefix.length ? Sniff.HEADER : Sniff.UNDECIDED;
    }

    /**
     * Parses the header at the start of {@code data[0..length)}.
     *
     * @return the header, or null when more bytes are needed to finish it
     * @throws ProxyHeaderException when the bytes are not a header this mode accepts
     */
    public static ProxyHeader parse(byte[] data, int length, boolean acceptV1, boolean acceptV2)
            throws ProxyHeaderException {
        if (length == 0) {
            return null;
        }
        Sniff v1 = acceptV1 ? matchPrefix(data, length, V1_PREFIX) : Sniff.NOT_A_HEADER;
        Sniff v2 = acceptV2 ? matchPrefix(data, length, V2_SIGNATURE) : Sniff.NOT_A_HEADER;
        if (v1 == Sniff.NOT_A_HEADER && v2 == Sniff.NOT_A_HEADER) {
            throw new ProxyHeaderException(expected(acceptV1, acceptV2));
        }
        if (v1 == Sniff.HEADER) {
            return parseV1(data, length);
        }
        if (v2 == Sniff.HEADER) {
            return parseV2(data, length);
        }
        return null;
    }

    private static String expected(boolean acceptV1, boolean acceptV2) {
        if (acceptV1 && acceptV2) {
            return "no PROXY header (v1 or v2) at the start of the connection";
        }
        return acceptV1 ? "no PROXY v1 header at the start of the connection"
                : "no PROXY v2 header at the start of the connection";
    }

    // ---- version 1: "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n" ----

    private static ProxyHeader parseV1(byte[] data, int length) throws ProxyHeaderException {
        // The CR must leave room for its LF within the 107 bytes.
        int limit = Math.min(length, V1_MAX_LENGTH - 1);
        int end = -1;
        for (int i = V1_PREFIX.length; i < limit; i++) {
            byte b = data[i];
            if (b == '\r') {
                if (i + 1 >= length) {
                    return null; // the LF may come in the next read
                }
                if (data[i + 1] != '\n') {
                    throw new ProxyHeaderException("v1 header: CR not followed by LF");
                }
                end = i;
                break;
            }
            if (b < 0x20 || b > 0x7E) {
                throw new ProxyHeaderException("v1 header: byte 0x" + Integer.toHexString(b & 0xFF) + " in the text");
            }
        }
        if (end < 0) {
            if (length >= V1_MAX_LENGTH - 1) {
                throw new ProxyHeaderException("v1 header longer than " + V1_MAX_LENGTH + " bytes");
            }
            return null;
        }
        String line = new String(data, 0, end, StandardCharsets.US_ASCII);
        String[] fields = line.split(" ", -1);
        int headerLength = end + 2;
        if (fields.length >= 2 && fields[1].equals("UNKNOWN")) {
            return new ProxyHeader(1, headerLength, null, null);
        }
        if (fields.length != 6) {
            throw new ProxyHeaderException("v1 header: expected 6 fields, got " + fields.length);
        }
        boolean v6;
        if (fields[1].equals("TCP4")) {
            v6 = false;
        } else if (fields[1].equals("TCP6")) {
            v6 = true;
        } else {
            throw new ProxyHeaderException("v1 header: unknown protocol '" + abbreviate(fields[1]) + "'");
        }
        InetAddress source = v1Address(fields[2], v6);
        InetAddress destination = v1Address(fields[3], v6);
        int sourcePort = v1Port(fields[4]);
        int destinationPort = v1Port(fields[5]);
        return new ProxyHeader(1, headerLength, new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort));
    }

    private static InetAddress v1Address(String text, boolean v6) throws ProxyHeaderException {
        byte[] bytes = v6 ? ipv6(text) : ipv4(text);
        if (bytes == null) {
            throw new ProxyHeaderException("v1 header: '" + abbreviate(text) + "' is not an IPv" + (v6 ? "6" : "4")
                    + " address");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new ProxyHeaderException("v1 header: bad address"); // 4 or 16 bytes: cannot happen
        }
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int value = decimal(parts[i], 3);
            if (value < 0 || value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** An IPv6 literal to 16 bytes, or null; never a name lookup (only hex digits, ':' and '.' get through). */
    private static byte[] ipv6(String text) {
        if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
                return null;
            }
        }
        try {
            InetAddress parsed = InetAddress.getByName(text);
            byte[] bytes = parsed.getAddress();
            if (bytes.length == 16) {
                return bytes;
            }
            byte[] mapped = new byte[16]; // ::ffff:a.b.c.d comes back as IPv4; keep the v6 form
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int v1Port(String text) throws ProxyHeaderException {
        int port = decimal(text, 5);
        if (port < 0 || port > 65_535) {
            throw new ProxyHeaderException("v1 header: '" + abbreviate(text) + "' is not a port");
        }
        return port;
    }

    /** A decimal of 1..maxDigits digits, or -1. */
    private static int decimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    // ---- version 2: signature, ver/cmd, family, length, addresses, TLVs ----

    private static ProxyHeader parseV2(byte[] data, int length) throws ProxyHeaderException {
        if (length < V2_FIXED_LENGTH) {
            return null;
        }
        int versionCommand = data[12] & 0xFF;
        if (versionCommand >>> 4 != 2) {
            throw new ProxyHeaderException("v2 header: version " + (versionCommand >>> 4) + ", expected 2");
        }
        int command = versionCommand & 0x0F;
        if (command > 1) {
            throw new ProxyHeaderException("v2 header: unknown command " + command);
        }
        int family = data[13] & 0xFF;
        int addressFamily = family >>> 4;
        int transport = family & 0x0F;
        if (addressFamily > 3 || transport > 2) {
            throw new ProxyHeaderException("v2 header: unknown address family/protocol 0x" + Integer.toHexString(family));
        }
        int declared = ((data[14] & 0xFF) << 8) | (data[15] & 0xFF);
        int headerLength = V2_FIXED_LENGTH + declared;
        if (length < headerLength) {
            return null;
        }
        if (command == 0) { // LOCAL: the balancer's own connection (health check); addresses ignored
            return new ProxyHeader(2, headerLength, null, null);
        }
        switch (addressFamily) {
            case 1 -> {
                requireBlock(declared, V2_IPV4_BLOCK, "IPv4");
                return new ProxyHeader(2, headerLength, v2Address(data, 16, 4, 24), v2Address(data, 20, 4, 26));
            }
            case 2 -> {
                requireBlock(declared, V2_IPV6_BLOCK, "IPv6");
                return new ProxyHeader(2, headerLength, v2Address(data, 16, 16, 48), v2Address(data, 32, 16, 50));
            }
            case 3 -> {
                requireBlock(declared, V2_UNIX_BLOCK, "UNIX");
                return new ProxyHeader(2, headerLength, null, null); // no IP address to carry
            }
            default -> {
                return new ProxyHeader(2, headerLength, null, null); // UNSPEC: keep the socket's
            }
        }
    }

    private static void requireBlock(int declared, int block, String family) throws ProxyHeaderException {
        if (declared < block) {
            throw new ProxyHeaderException("v2 header: length " + declared + " too short for " + family
                    + " addresses (" + block + ")");
        }
    }

    private static InetSocketAddress v2Address(byte[] data, int offset, int size, int portOffset) {
        byte[] bytes = new byte[size];
        System.arraycopy(data, offset, bytes, 0, size);
        int port = ((data[portOffset] & 0xFF) << 8) | (data[portOffset + 1] & 0xFF);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes: cannot happen
        }
    }
}
