package dev.tsserver.client.reliability;

import static dev.tsserver.client.report.JsonText.quote;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.tsserver.client.reliability.ReliabilityExperiment.KernelCounts;
import dev.tsserver.client.reliability.ReliabilityExperiment.Result;
import dev.tsserver.client.reliability.ReliabilityExperiment.TransportResult;

/** Prints the reliability figures: a table and plain sentences for people, or JSON for scripts. */
final class ReliabilityReport {

    static final String LOOPBACK_ORDER = "Order: loopback does not reorder (one queue, no routes), so in-order"
            + " replies here prove nothing about order on a network. UDP makes no order promise; to see"
            + " reordering, send over a path that reorders, e.g. tc netem in a network namespace (see"
            + " docs/boundaries.md).";
    private static final String ROW = "%-34s %12s %12s%n";
    /** Linux reports SO_RCVBUF doubled; the JDK halves it back (see {@link #bufferLine}). */
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private ReliabilityReport() {
    }

    static void printTable(PrintWriter out, Result result) {
        ReliabilityExperiment.Settings s = result.settings();
        TransportResult udp = result.udp();
        TransportResult tcp = result.tcp();
        boolean embedded = s.external() == null;
        out.print(wrap("Reliability experiment: a burst of " + s.count() + " messages of " + s.size()
                + " B, one send/write each, back to back, over UDP and then over TCP, against "
                + (embedded ? "an embedded server per transport on 127.0.0.1 (free port, read counting on)."
                        : "the server at " + s.external().host() + ":" + s.external().port() + ".")));
        out.print(wrap("UDP server's receive buffer: " + bufferLine(result)));
        if (embedded) {
            out.print(wrap("TCP server: " + (s.tcpPauseMillis() > 0 ? "does not read the connection for its first "
                    + s.tcpPauseMillis() + " ms (MINA suspendRead), so its buffer fills." : "reads at once.")));
        }
        out.println();
        KernelCounts kernel = result.kernel();
        out.printf(ROW, "", "udp", "tcp");
        out.printf(ROW, "connections the server accepted", opt(udp.connections()), opt(tcp.connections()));
        out.printf(ROW, "messages sent", udp.sent(), tcp.sent());
        out.printf(ROW, "time to send them", millis(udp.sendNanos()), millis(tcp.sendNanos()));
        out.printf(ROW, "longest single send/write", "-",
                tcp.longestWriteNanos() == null ? "-" : millis(tcp.longestWriteNanos()));
        out.printf(ROW, "reads the server made", opt(udp.serverReads()), opt(tcp.serverReads()));
        out.printf(ROW, "messages the server received", opt(udp.serverReceived()), opt(tcp.serverReceived()));
        out.printf(ROW, "lost on the way in", opt(udp.lostOnTheWayIn()), opt(tcp.lostOnTheWayIn()));
        out.printf(ROW, "replies received", udp.tally().replies(), tcp.tally().replies());
        out.printf(ROW, "lost on the way back", opt(udp.lostOnTheWayBack()), opt(tcp.lostOnTheWayBack()));
        out.printf(ROW, "lost in all (no reply)", udp.tally().lost(), tcp.tally().lost());
        out.printf(ROW, "duplicates", udp.tally().duplicates(), tcp.tally().duplicates());
        out.printf(ROW, "in order", udp.tally().inOrder(), tcp.tally().inOrder());
        out.printf(ROW, "out of order", udp.tally().outOfOrder(), tcp.tally().outOfOrder());
        out.printf(ROW, "kernel: Udp RcvbufErrors rose by", plus(kernel.udpRcvbufErrors()), "-");
        out.printf(ROW, "kernel: Tcp RetransSegs rose by", "-", plus(kernel.tcpRetransSegs()));
        out.printf(ROW, "kernel: TCPToZeroWindowAdv rose by", "-", plus(kernel.tcpToZeroWindow()));
        out.println();
        for (String sentence : sentences(result)) {
            out.print(wrap(sentence));
        }
        out.flush();
    }

    /** The findings, one paragraph per claim. */
    static List<String> sentences(Result result) {
        List<String> lines = new ArrayList<>();
        TransportResult udp = result.udp();
        TransportResult tcp = result.tcp();
        lines.add(udpSentence(udp));
        lines.add(kernelSentence(result));
        lines.add(tcpSentence(result));
        lines.add("Duplicates: " + udp.tally().duplicates() + " over UDP, " + tcp.tally().duplicates()
                + " over TCP. UDP does not promise none (a network may deliver a datagram twice); TCP does:"
                + " its sequence numbers discard a segment it already has.");
        lines.add(LOOPBACK_ORDER);
        if (result.settings().external() != null) {
            lines.add("Against a server this command did not start, what the server read is unknown (?), its"
                    + " receive buffer is its own and it does not pause: only the embedded servers count their"
                    + " reads, take the small UDP buffer and pause TCP reads. The server must run"
                    + " --transport both --codec line.");
        }
        return lines;
    }

    private static String udpSentence(TransportResult udp) {
        if (udp.error() != null && udp.tally().replies() == 0) {
            return "UDP: the burst could not run: " + udp.error() + ".";
        }
        StringBuilder s = new StringBuilder("UDP: ");
        long lost = udp.tally().lost();
        s.append(lost).append(" of ").append(udp.sent()).append(" datagrams (").append(percent(lost, udp.sent()))
                .append(") got no reply");
        if (udp.lostOnTheWayIn() != null) {
            s.append(": ").append(udp.lostOnTheWayIn()).append(" never reached the server (its receive buffer was"
                    + " full when they arrived) and ").append(udp.lostOnTheWayBack())
                    .append(" replies were lost on the way back");
        }
        s.append(". Every send succeeded and nothing told the sender: UDP has no flow control, no"
                + " acknowledgement and no retransmission.");
        if (udp.error() != null) {
            s.append(" (").append(udp.error()).append(")");
        }
        return s.toString();
    }

    private static String kernelSentence(Result result) {
        KernelCounts kernel = result.kernel();
        if (!kernel.available()) {
            return "Kernel: its drop counter (Udp RcvbufErrors in /proc/net/snmp) is not available on this"
                    + " platform, so only the experiment's own count is shown.";
        }
        TransportResult udp = result.udp();
        String compare = udp.lostOnTheWayIn() == null ? ""
                : " The experiment counted " + (udp.lostOnTheWayIn() + udp.lostOnTheWayBack()) + " (in + back).";
        return "Kernel: Udp RcvbufErrors in " + kernel.source() + " rose by " + kernel.udpRcvbufErrors()
                + " during the UDP burst: the kernel's own count of datagrams it dropped because a receive"
                + " buffer was full." + compare + " The counter covers every UDP socket of this network"
                + " namespace, so other UDP traffic at the same time would add to it.";
    }

    private static String tcpSentence(Result result) {
        TransportResult tcp = result.tcp();
        ReliabilityExperiment.Settings settings = result.settings();
        if (tcp.error() != null && tcp.tally().replies() == 0) {
            return "TCP: the burst could not run: " + tcp.error() + ".";
        }
        StringBuilder s = new StringBuilder("TCP: ").append(tcp.tally().distinct()).append(" of ").append(tcp.sent())
                .append(" messages answered, ").append(tcp.tally().lost()).append(" lost");
        if (tcp.serverReads() != null) {
            s.append(", in ").append(tcp.serverReads()).append(" server reads");
        }
        s.append(". ");
        long longest = tcp.longestWriteNanos() == null ? 0 : tcp.longestWriteNanos();
        boolean paused = settings.external() == null && settings.tcpPauseMillis() > 0;
        // A write held back for a quarter of the pause was waiting for the window, not for a CPU.
        if (paused && longest >= TimeUnit.MILLISECONDS.toNanos(settings.tcpPauseMillis()) / 4) {
            long before = tcp.writtenBeforeLongestWrite() == null ? 0 : tcp.writtenBeforeLongestWrite();
            s.append("While the server was not reading, the kernel's buffers took ").append(before)
                    .append(" messages (").append(kib(before * (settings.size() + 1L)))
                    .append("); then the server's window closed and the sender's writes blocked, the longest for ")
                    .append(millis(longest)).append(". Flow control slowed the sender instead of dropping"
                            + " anything.");
        } else {
            s.append("The longest single write took ").append(millis(longest)).append(paused
                    ? ": the kernel's buffers took the whole burst while the server was not reading (try a"
                    + " larger --count to see write() block)."
                    : ": had the receiver's window closed, write() would have blocked rather than drop anything.");
        }
        Long zero = result.kernel().tcpToZeroWindow();
        if (zero != null) {
            s.append(" The kernel's TcpExt TCPToZeroWindowAdv (/proc/net/netstat) rose by ").append(zero)
                    .append(": times a receiver announced a closed window (zero bytes of room) to its sender.");
        }
        Long retrans = result.kernel().tcpRetransSegs();
        if (retrans != null) {
            s.append(" Tcp RetransSegs rose by ").append(retrans)
                    .append(": segments TCP sent again on its own, unseen by the application.");
        }
        if (tcp.error() != null) {
            s.append(" (").append(tcp.error()).append(")");
        }
        return s.toString();
    }

    static void printJson(PrintWriter out, Result result) {
        ReliabilityExperiment.Settings s = result.settings();
        boolean embedded = s.external() == null;
        Integer granted = result.grantedReceiveBuffer();
        StringBuilder json = new StringBuilder(2048);
        json.append("{\n  \"server\": ").append(quote(embedded ? "embedded" : "external"))
                .append(",\n  \"count\": ").append(s.count())
                .append(",\n  \"size\": ").append(s.size())
                .append(",\n  \"udpReceiveBuffer\": {\"requested\": ")
                .append(embedded ? String.valueOf(s.udpReceiveBuffer()) : "null")
                .append(", \"granted\": ").append(granted)
                .append(", \"kernelReports\": ").append(granted != null && LINUX ? String.valueOf(2L * granted) : "null")
                .append('}')
                .append(",\n  \"tcpPauseMillis\": ").append(embedded ? String.valueOf(s.tcpPauseMillis()) : "null")
                .append(",\n  \"kernel\": {\"source\": ").append(quote(result.kernel().source()))
                .append(", \"available\": ").append(result.kernel().available())
                .append(", \"udpRcvbufErrors\": ").append(result.kernel().udpRcvbufErrors())
                .append(", \"tcpRetransSegs\": ").append(result.kernel().tcpRetransSegs())
                .append(", \"tcpToZeroWindowAdv\": ").append(result.kernel().tcpToZeroWindow())
                .append('}')
                .append(",\n  \"udp\": ");
        transportJson(json, result.udp());
        json.append(",\n  \"tcp\": ");
        transportJson(json, result.tcp());
        json.append(",\n  \"loopbackReorders\": false")
                .append(",\n  \"notes\": [");
        List<String> sentences = sentences(result);
        for (int i = 0; i < sentences.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ").append(quote(sentences.get(i)));
        }
        json.append("\n  ]\n}");
        out.println(json);
        out.flush();
    }

    private static void transportJson(StringBuilder json, TransportResult r) {
        BurstTally t = r.tally();
        json.append('{');
        json.append("\"sent\": ").append(r.sent());
        json.append(", \"sendMillis\": ").append(String.format(Locale.ROOT, "%.1f", r.sendNanos() / 1e6));
        json.append(", \"longestWriteMillis\": ").append(r.longestWriteNanos() == null ? "null"
                : String.format(Locale.ROOT, "%.1f", r.longestWriteNanos() / 1e6));
        json.append(", \"writtenBeforeLongestWrite\": ").append(r.writtenBeforeLongestWrite());
        json.append(", \"connectionsAccepted\": ").append(r.connections());
        json.append(", \"serverReads\": ").append(r.serverReads());
        json.append(", \"serverReceived\": ").append(r.serverReceived());
        json.append(", \"lostOnTheWayIn\": ").append(r.lostOnTheWayIn());
        json.append(", \"repliesReceived\": ").append(t.replies());
        json.append(", \"answered\": ").append(t.distinct());
        json.append(", \"lostOnTheWayBack\": ").append(r.lostOnTheWayBack());
        json.append(", \"lost\": ").append(t.lost());
        json.append(", \"duplicates\": ").append(t.duplicates());
        json.append(", \"inOrder\": ").append(t.inOrder());
        json.append(", \"outOfOrder\": ").append(t.outOfOrder());
        json.append(", \"unrecognised\": ").append(t.unrecognised());
        json.append(", \"error\": ").append(quote(r.error()));
        json.append('}');
    }

    private static String bufferLine(Result result) {
        if (result.settings().external() != null) {
            return "unknown (the small buffer applies only to the embedded server).";
        }
        int asked = result.settings().udpReceiveBuffer();
        Integer granted = result.grantedReceiveBuffer();
        if (granted == null) {
            return "asked " + asked + " B; what the kernel granted could not be read back.";
        }
        if (LINUX) {
            return "asked " + asked + " B, granted " + granted + " B as Java reports it; the kernel's own"
                    + " figure (getsockopt SO_RCVBUF) is " + 2L * granted + " B: Linux doubles the request, with a"
                    + " floor, to cover its bookkeeping, and the JDK halves the figure it reads back.";
        }
        return "asked " + asked + " B, the socket reports " + granted + " B.";
    }

    private static String opt(Long value) {
        return value == null ? "?" : String.valueOf(value);
    }

    private static String plus(Long delta) {
        return delta == null ? "n/a" : "+" + delta;
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** Wraps a sentence at about 88 columns, continuation lines indented. */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        for (String word : text.split(" ")) {
            if (column > 0 && column + 1 + word.length() > 88) {
                out.append('\n').append("    ");
                column = 4;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.append('\n').toString();
    }
}
