package dev.tsserver.core.edge;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** PROXY headers as a load balancer writes them, for tests. */
final class ProxyHeaders {

    private ProxyHeaders() {
    }

    static byte[] v1(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] v1Tcp4(String source, int sourcePort) {
        return v1("PROXY TCP4 " + source + " 127.0.0.1 " + sourcePort + " 21567");
    }

    /** A v2 PROXY header for a TCP connection from {@code source} to {@code destination}, with TLVs appended. */
    static byte[] v2(String source, int sourcePort, String destination, int destinationPort, byte[] tlvs)
            throws Exception {
        byte[] src = InetAddress.getByName(source).getAddress();
        byte[] dst = InetAddress.getByName(destination).getAddress();
        boolean v6 = src.length == 16;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ProxyHeaderParser.V2_SIGNATURE);
        out.write(0x21); // version 2, PROXY
        out.write(v6 ? 0x21 : 0x11); // INET6/INET, STREAM
        int length = (v6 ? 36 : 12) + tlvs.length;
        out.write(length >>> 8);
        out.write(length);
        out.write(src);
        out.write(dst);
        out.write(sourcePort >>> 8);
        out.write(sourcePort);
        out.write(destinationPort >>> 8);
        out.write(destinationPort);
        out.write(tlvs);
        return out.toByteArray();
    }

    static byte[] v2Local() {
        byte[] header = new byte[16];
        System.arraycopy(ProxyHeaderParser.V2_SIGNATURE, 0, header, 0, 12);
        header[12] = 0x20; // version 2, LOCAL
        header[13] = 0x00; // UNSPEC
        return header;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
