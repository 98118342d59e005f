package dev.tsserver.client.bench;

import static dev.tsserver.client.report.JsonText.quote;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints a {@link BenchResult} as a short text summary or as one JSON object. */
final class BenchReport {

    private BenchReport() {
    }

    static void text(BenchResult result, PrintWriter out) {
        BenchSettings s = result.settings();
        Tally t = result.tally();
        out.printf(Locale.ROOT, "bench: %s %s, %d connection(s) x pipeline %d, %d-byte payload, %s%s%n",
                s.udp() ? "udp" : "tcp", s.udp() ? "datagrams" : s.codec(), s.connections(), s.pipeline(), s.size(),
                s.countMode() ? s.count() + " messages" : seconds(s.duration().toNanos()) + " s",
                (s.rate() > 0 ? " at " + s.rate() + " msgs/s" : "")
                        + (s.warmup().isZero() ? "" : " after " + seconds(s.warmup().toNanos()) + " s warm-up"));
        out.printf(Locale.ROOT, "messages   %d in %.3f s%n", result.messages(), result.elapsedSeconds());
        out.printf(Locale.ROOT, "throughput %.0f msgs/s, %.2f MB/s payload each way%n", result.messagesPerSecond(),
                result.megabytesPerSecond());
        out.printf(Locale.ROOT, "errors     %d (connect %d, invalid reply %d, closed by server %d, unexpected reply %d,"
                        + " unanswered %d, send %d, worker %d)%n", result.errors(), t.connectErrors, t.validationErrors,
                t.closedByServer, t.unexpectedReplies, t.unanswered, t.sendErrors, t.workerFailures);
        if (t.firstError != null) {
            out.println("first error: " + t.firstError);
        }
        if (s.tls().isPresent()) {
            out.printf(Locale.ROOT, "tls        %d handshakes in %.3f s before measuring (%.0f/s, connects included)%n",
                    t.connected, t.connectNanos / 1e9, t.connectNanos > 0 ? t.connected * 1e9 / t.connectNanos : 0.0);
        }
        if (s.reconnect()) {
            out.printf(Locale.ROOT, "reconnects %d, resent %d, longest gap without replies %.1f ms%n", t.reconnects,
                    t.resent, t.longestGapNanos / 1e6);
        }
        if (t.rateSkipped > 0) {
            out.printf(Locale.ROOT, "rate: %d messages not sent: their connection had %d outstanding and %d queued%n",
                    t.rateSkipped, s.pipeline(), LoadWorker.RATE_BACKLOG);
        }
        printLatency(out, s.rate() > 0 ? "latency us (from when due)" : "latency us", result.latency());
        if (s.rate() > 0) {
            printLatency(out, "service us (from write)   ", result.serviceTime());
        }
        out.flush();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3g", nanos / 1e9);
    }

    private static void printLatency(PrintWriter out, String label, BenchResult.Latency l) {
        out.printf(Locale.ROOT, "%s p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f%n", label, l.p50(),
                l.p90(), l.p99(), l.p999(), l.max(), l.mean());
    }

    static void json(BenchResult result, PrintWriter out) {
        BenchSettings s = result.settings();
        Tally t = result.tally();
        StringBuilder j = new StringBuilder(512);
        j.append('{');
        field(j, "transport", s.udp() ? "udp" : "tcp").append(',');
        field(j, "codec", s.udp() ? "datagram" : s.codec()).append(',');
        field(j, "protocol", s.protocol().cliName()).append(',');
        field(j, "server", Errors.format(s.server())).append(',');
        field(j, "connections", s.connections()).append(',');
        field(j, "pipeline", s.pipeline()).append(',');
        field(j, "size", s.size()).append(',');
        field(j, "threads", s.workers()).append(',');
        field(j, "rate", s.rate()).append(',');
        field(j, "count", s.count()).append(',');
        field(j, "duration_s", s.countMode() ? 0 : s.duration().toNanos() / 1e9).append(',');
        field(j, "warmup_s", s.warmup().toNanos() / 1e9).append(',');
        field(j, "messages", result.messages()).append(',');
        field(j, "elapsed_s", result.elapsedSeconds()).append(',');
        field(j, "msgs_per_s", result.messagesPerSecond()).append(',');
        field(j, "mb_per_s", result.megabytesPerSecond()).append(',');
        field(j, "errors", result.errors()).append(',');
        j.append("\"error_counts\":{");
        field(j, "connect", t.connectErrors).append(',');
        field(j, "invalid_reply", t.validationErrors).append(',');
        field(j, "closed_by_server", t.closedByServer).append(',');
        field(j, "unexpected_reply", t.unexpectedReplies).append(',');
        field(j, "unanswered", t.unanswered).append(',');
        field(j, "send", t.sendErrors).append(',');
        field(j, "worker", t.workerFailures).append("},");
        j.append("\"first_error\":").append(t.firstError == null ? "null" : quote(t.firstError)).append(',');
        field(j, "rate_skipped", t.rateSkipped).append(',');
        field(j, "reconnects", t.reconnects).append(',');
        field(j, "resent", t.resent).append(',');
        field(j, "longest_gap_ms", t.longestGapNanos / 1e6).append(',');
        j.append("\"tls\":").append(s.tls().isPresent()).append(',');
        field(j, "connect_s", t.connectNanos / 1e9).append(',');
        j.append("\"coordinated_omission_corrected\":").append(s.rate() > 0).append(',');
        latency(j, "latency_us", result.latency());
        if (s.rate() > 0) {
            j.append(',');
            latency(j, "service_time_us", result.serviceTime());
        }
        j.append('}');
        out.println(j);
        out.flush();
    }

    private static void latency(StringBuilder j, String name, BenchResult.Latency l) {
        j.append('"').append(name).append("\":{");
        field(j, "p50", l.p50()).append(',');
        field(j, "p90", l.p90()).append(',');
        field(j, "p99", l.p99()).append(',');
        field(j, "p99_9", l.p999()).append(',');
        field(j, "max", l.max()).append(',');
        field(j, "mean", l.mean()).append(',');
        field(j, "samples", l.samples()).append('}');
    }

    private static StringBuilder field(StringBuilder j, String name, String value) {
        return j.append('"').append(name).append("\":").append(quote(value));
    }

    private static StringBuilder field(StringBuilder j, String name, long value) {
        return j.append('"').append(name).append("\":").append(value);
    }

    private static StringBuilder field(StringBuilder j, String name, double value) {
        return j.append('"').append(name).append("\":").append(String.format(Locale.ROOT, "%.3f", value));
    }
}
