package dev.tsserver.core;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Socket addresses as people write them: {@code 127.0.0.1:21567}, {@code [::1]:21567}. */
public final class Addresses {

    private Addresses() {
    }

    /** {@code HOST:PORT}, IPv6 in brackets and in RFC 5952 short form. */
    public static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return String.valueOf(address);
        }
        InetAddress ip = inet.getAddress();
        String host = ip == null ? inet.getHostString() : hostLiteral(ip);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }

    /** The address as a literal, IPv6 compressed ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    public static String hostLiteral(InetAddress ip) {
        if (!(ip instanceof Inet6Address v6)) {
            return ip.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength && i - start >= 2) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        String scope = v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
        return s + scope;
    }
}
