package dev.tsserver.client.boundaries;

/**
 * The figures of one run of one case, and the sentence that says what they mean.
 *
 * @param label       {@code tcp raw}, {@code tcp line}, {@code tcp length} or {@code udp}
 * @param codec       the server's TCP framing; null for UDP
 * @param run         {@code small} or {@code large}; null for a skipped case
 * @param sizes       the message sizes, as people read them ({@code 32 B}, {@code 256 KiB})
 * @param serverReads reads the server counted for this connection; null when not known (a
 *                    server this command did not start)
 * @param tally       null when the run was skipped or could not connect
 * @param skipped     why the run did not happen, or null
 * @param error       what went wrong while it ran (a timeout, a refused connection), or null
 */
record CaseResult(String label, String transport, String codec, String run, String sizes, int sent, int writes,
                  Long serverReads, int replies, BoundaryTally tally, String skipped, String error) {

    /** A case that did not run at all; it has no runs, so {@code run} is null. */
    static CaseResult skipped(String label, String transport, String codec, String why) {
        return new CaseResult(label, transport, codec, null, null, 0, 0, null, 0, null, why, null);
    }

    /** Whether messages were exchanged, whatever they showed. */
    boolean ran() {
        return tally != null;
    }

    /** One sentence saying what happened. */
    String summary() {
        if (skipped != null) {
            return label + ": skipped: " + skipped + ".";
        }
        String head = label + " (" + run + "): ";
        if (tally == null) {
            return head + "could not run: " + error + ".";
        }
        String sentence = switch (transport) {
            case "udp" -> datagramSentence();
            default -> "raw".equals(codec) ? rawSentence() : framedSentence();
        };
        return head + sentence + (error != null ? " (" + error + ")" : "") + ".";
    }

    private String datagramSentence() {
        StringBuilder s = new StringBuilder();
        s.append(sent).append(sent == 1 ? " datagram, " : " datagrams, ").append(replies)
                .append(replies == 1 ? " reply" : " replies");
        if (tally.intact() == sent) {
            s.append(": UDP kept the boundaries");
            if (serverReads != null && serverReads == sent) {
                s.append(", one read per datagram");
            }
        } else {
            s.append(": every datagram that came back was whole, but ").append(tally.lost())
                    .append(" never came back (UDP does not promise delivery)");
        }
        if (tally.reordered() > 0) {
            s.append("; ").append(tally.reordered()).append(" came back out of order");
        }
        if (tally.wrong() > 0) {
            s.append("; ").append(tally.wrong()).append(" replies matched no datagram");
        }
        return s.toString();
    }

    private String rawSentence() {
        StringBuilder s = new StringBuilder();
        s.append(sent).append(sent == 1 ? " message " : " messages ");
        if (serverReads != null) {
            s.append("arrived in ").append(serverReads).append(serverReads == 1 ? " read" : " reads");
        } else {
            s.append("came back as ").append(replies).append(" replies, one per server read");
        }
        if (tally.wrong() == 0 && tally.lost() == 0) {
            return s.append(", each read one whole message this time; nothing in TCP promises that").toString();
        }
        s.append(": boundaries lost");
        if (tally.merged() > 0 && tally.split() > 0) {
            s.append(" (").append(tally.merged()).append(" merged, ").append(tally.split()).append(" split)");
        } else if (tally.split() > 0) {
            s.append(" (").append(tally.split() == sent ? "every message" : tally.split() + " messages")
                    .append(" split across reads)");
        } else if (tally.merged() > 0) {
            s.append(" (").append(tally.merged()).append(" merged into others)");
        }
        return s.append("; one read = one message gives ").append(tally.wrong())
                .append(tally.wrong() == 1 ? " wrong message" : " wrong messages").toString();
    }

    private String framedSentence() {
        StringBuilder s = new StringBuilder();
        s.append(tally.intact()).append(" of ").append(sent).append(" recovered");
        if (tally.intact() == sent) {
            s.append(": the ").append(codec).append(" codec restored the boundaries");
            if (serverReads != null && serverReads != sent) {
                s.append(" the server's ").append(serverReads).append(serverReads == 1 ? " read" : " reads")
                        .append(" had lost");
            }
        } else {
            s.append(": ").append(sent - tally.intact()).append(" did not come back intact");
        }
        return s.toString();
    }
}
