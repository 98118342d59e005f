package dev.tsserver.client.bench;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;

/** One-line descriptions of what went wrong, for the summary's "first error". */
final class Errors {

    private static final int PREVIEW_BYTES = 48;

    private Errors() {
    }

    /** "connection refused" rather than "java.net.ConnectException: Connection refused". */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.toLowerCase(Locale.ROOT);
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        if (address.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + (scope < 0 ? host : host.substring(0, scope)) + "]:" + address.getPort();
        }
        return host + ":" + address.getPort();
    }

    /** Up to {@value #PREVIEW_BYTES} bytes from {@code start}, non-printable ones escaped. */
    static String preview(ByteBuffer in, int start) {
        int end = Math.min(in.limit(), start + PREVIEW_BYTES);
        StringBuilder s = new StringBuilder("\"");
        for (int i = Math.max(0, start); i < end; i++) {
            int b = in.get(i) & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                s.append((char) b);
            } else {
                s.append(String.format(Locale.ROOT, "\\x%02x", b));
            }
        }
        s.append('"');
        if (in.limit() > end) {
            s.append("...");
        }
        return s.toString();
    }
}
