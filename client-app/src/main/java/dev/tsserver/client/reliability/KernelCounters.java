package dev.tsserver.client.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's own protocol counters, from Linux's {@code /proc/net/snmp}: for each protocol a
 * line of names and a line of values,
 *
 * <pre>
 * Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors ...
 * Udp: 7265 1 0 7267 0 0 ...
 * </pre>
 *
 * {@code /proc/net/netstat} has the same shape for the extended counters ({@code TcpExt:}).
 *
 * <p>The experiment reads {@code Udp RcvbufErrors} (datagrams dropped because a socket's
 * receive buffer was full), {@code Tcp RetransSegs} (segments TCP sent again) and
 * {@code TcpExt TCPToZeroWindowAdv} (times a receiver told its peer its window was closed). All
 * cover every socket of the network namespace, not one socket: other traffic at the same time
 * adds to them.
 */
final class KernelCounters {

    static final Path PROC_NET_SNMP = Path.of("/proc/net/snmp");
    static final Path PROC_NET_NETSTAT = Path.of("/proc/net/netstat");
    static final String TCP_EXT = "TcpExt";
    static final String TCP_TO_ZERO_WINDOW = "TCPToZeroWindowAdv";
    static final String UDP = "Udp";
    static final String UDP_RCVBUF_ERRORS = "RcvbufErrors";
    static final String TCP = "Tcp";
    static final String TCP_RETRANS_SEGS = "RetransSegs";
    /** The file is a few KiB; reading stops here whatever it holds. */
    private static final int MAX_FILE_BYTES = 256 * 1024;

    private final Path source;
    private final Path extended;

    /**
     * @param source   the {@code /proc/net/snmp} to read
     * @param extended the {@code /proc/net/netstat} to read ({@code TcpExt} counters)
     */
    KernelCounters(Path source, Path extended) {
        this.source = source;
        this.extended = extended;
    }

    static KernelCounters linux() {
        return new KernelCounters(PROC_NET_SNMP, PROC_NET_NETSTAT);
    }

    Path source() {
        return source;
    }

    /**
     * A counter now, or empty where the platform does not expose it (not Linux, no /proc).
     * {@code TcpExt} counters come from the extended file, the others from the main one.
     */
    Optional<Long> read(String protocol, String counter) {
        return read(TCP_EXT.equals(protocol) ? extended : source, protocol, counter);
    }

    private static Optional<Long> read(Path source, String protocol, String counter) {
        if (!Files.isReadable(source)) {
            return Optional.empty();
        }
        // /proc files report size 0, so the read is bounded here rather than by the size.
        try (InputStream in = Files.newInputStream(source)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES);
            return parse(new String(bytes, StandardCharsets.US_ASCII), protocol, counter);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of {@code counter} on the {@code protocol:} value line of a /proc/net/snmp text,
     * or empty when there is no such pair of lines, no such column, the two lines disagree on
     * the number of columns, or the value is not a number. {@code UdpLite:} is not {@code Udp:}.
     */
    static Optional<Long> parse(String snmp, String protocol, String counter) {
        String prefix = protocol + ":";
        String[] names = null;
        for (String line : snmp.split("\n")) {
            if (!line.startsWith(prefix + " ") && !line.equals(prefix)) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (names == null) {
                names = fields;
                continue;
            }
            if (fields.length != names.length) {
                return Optional.empty();
            }
            for (int i = 1; i < names.length; i++) {
                if (names[i].equals(counter)) {
                    try {
                        return Optional.of(Long.parseLong(fields[i]));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
