package dev.tsserver.client.boundaries;

import static dev.tsserver.client.report.JsonText.quote;

import java.io.PrintWriter;
import java.util.List;

/** Prints the experiment's figures: a table for people, or JSON for scripts. */
final class BoundaryReport {

    /** Sentences are wrapped to this width, to read well in an 80..100 column terminal. */
    static final int WIDTH = 88;
    private static final String ROW = "%-10s %-5s %9s %5s %6s %5s %7s %6s %6s %5s %5s %4s %5s%n";

    private BoundaryReport() {
    }

    /** A table that fits 80 columns, a short legend, then one sentence per run. */
    static void printTable(PrintWriter out, String heading, List<CaseResult> results) {
        for (String line : heading.split("\n")) {
            out.print(wrap(line, ""));
        }
        out.println();
        out.printf(ROW, "case", "run", "size", "sent", "writes", "reads", "replies", "intact", "merged", "split",
                "wrong", "lost", "reord");
        for (CaseResult r : results) {
            if (r.skipped() != null) {
                out.printf("%-10s %s%n", r.label(), "skipped (see below)");
                continue;
            }
            BoundaryTally t = r.tally();
            out.printf(ROW, r.label(), r.run(), r.sizes(), r.sent(), r.writes(),
                    r.serverReads() == null ? "?" : r.serverReads(), t == null ? "-" : r.replies(),
                    t == null ? "-" : t.intact(), t == null ? "-" : t.merged(), t == null ? "-" : t.split(),
                    t == null ? "-" : t.wrong(), t == null ? "-" : t.lost(), t == null ? "-" : t.reordered());
        }
        out.println();
        out.println("reads:  reads the server made (counted by the server, before any codec)");
        out.println("intact / merged / split / lost: where each sent message ended up among the messages");
        out.println("        the server handled; wrong: handled messages that match no sent message");
        out.println("        (what 'one read = one message' gets wrong); reord: came back out of order");
        out.println();
        for (CaseResult r : results) {
            out.print(wrap(r.summary(), "    "));
        }
        out.flush();
    }

    /** Word-wraps {@code text} to {@link #WIDTH}; lines after the first get {@code indent}. */
    static String wrap(String text, String indent) {
        StringBuilder wrapped = new StringBuilder(text.length() + 16);
        int lineStart = 0;
        for (String word : text.split(" ")) {
            int lineLength = wrapped.length() - lineStart;
            if (lineLength > 0 && lineLength + 1 + word.length() > WIDTH) {
                wrapped.append('\n');
                lineStart = wrapped.length();
                wrapped.append(indent);
            } else if (lineLength > 0) {
                wrapped.append(' ');
            }
            wrapped.append(word);
        }
        return wrapped.append(System.lineSeparator()).toString();
    }

    static void printJson(PrintWriter out, BoundaryExperiment.Settings settings, boolean embedded,
                          List<CaseResult> results) {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\n  \"server\": ").append(quote(embedded ? "embedded" : "external"))
                .append(",\n  \"count\": ").append(settings.count())
                .append(",\n  \"largeCount\": ").append(settings.largeCount())
                .append(",\n  \"largeSize\": ").append(settings.largeSize())
                .append(",\n  \"cases\": [");
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            BoundaryTally t = r.tally();
            json.append(i == 0 ? "\n" : ",\n").append("    {");
            field(json, "case", quote(r.label()), true);
            field(json, "transport", quote(r.transport()), false);
            field(json, "codec", quote(r.codec()), false);
            field(json, "run", quote(r.run()), false);
            field(json, "sizes", quote(r.sizes()), false);
            field(json, "messagesSent", String.valueOf(r.sent()), false);
            field(json, "writes", String.valueOf(r.writes()), false);
            field(json, "serverReads", String.valueOf(r.serverReads()), false);
            field(json, "repliesReceived", t == null ? "null" : String.valueOf(r.replies()), false);
            field(json, "recovered", t == null ? "null" : String.valueOf(t.intact()), false);
            field(json, "merged", t == null ? "null" : String.valueOf(t.merged()), false);
            field(json, "split", t == null ? "null" : String.valueOf(t.split()), false);
            field(json, "wrongMessages", t == null ? "null" : String.valueOf(t.wrong()), false);
            field(json, "lost", t == null ? "null" : String.valueOf(t.lost()), false);
            field(json, "reordered", t == null ? "null" : String.valueOf(t.reordered()), false);
            field(json, "skipped", quote(r.skipped()), false);
            field(json, "error", quote(r.error()), false);
            field(json, "summary", quote(r.summary()), false);
            json.append('}');
        }
        json.append("\n  ]\n}");
        out.println(json);
        out.flush();
    }

    private static void field(StringBuilder json, String name, String value, boolean first) {
        json.append(first ? "" : ", ").append('"').append(name).append("\": ").append(value);
    }
}
