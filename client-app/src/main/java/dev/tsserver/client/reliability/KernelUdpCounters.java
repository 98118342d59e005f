package dev.tsserver.client.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's own count of UDP datagrams dropped because a socket's receive buffer was full:
 * {@code RcvbufErrors} on the {@code Udp:} lines of Linux's {@code /proc/net/snmp}. The file
 * has a header line of names and a line of values per protocol:
 *
 * <pre>
 * Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors ...
 * Udp: 7265 1 0 7267 0 0 ...
 * </pre>
 *
 * The counter covers every socket of the network namespace, not one socket; other UDP traffic
 * on the machine during the experiment adds to it.
 */
final class KernelUdpCounters {

    static final Path PROC_NET_SNMP = Path.of("/proc/net/snmp");
    static final String COUNTER = "RcvbufErrors";
    /** The file is a few KiB; more means it is not the file we expect. */
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path source;

    KernelUdpCounters(Path source) {
        this.source = source;
    }

    static KernelUdpCounters linux() {
        return new KernelUdpCounters(PROC_NET_SNMP);
    }

    Path source() {
        return source;
    }

    /** The counter now, or empty where the platform does not expose it (not Linux, no /proc). */
    Optional<Long> rcvbufErrors() {
        try {
            if (!Files.isReadable(source) || Files.size(source) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            // /proc files report size 0; the read itself is bounded by what the kernel writes.
            byte[] bytes = Files.readAllBytes(source);
            if (bytes.length > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return parse(new String(bytes, StandardCharsets.US_ASCII), COUNTER);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The value of {@code counter} on the {@code Udp:} value line of a /proc/net/snmp text, or
     * empty when there is no {@code Udp:} pair of lines, no such column, or the value is not a
     * number. {@code UdpLite:} lines are not {@code Udp:} lines.
     */
    static Optional<Long> parse(String snmp, String counter) {
        String[] names = null;
        for (String line : snmp.split("\n")) {
            if (!line.startsWith("Udp:")) {
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
