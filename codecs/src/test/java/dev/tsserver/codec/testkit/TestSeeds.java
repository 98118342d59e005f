package dev.tsserver.codec.testkit;

import java.security.SecureRandom;

/**
 * Seeds for randomised tests. A fresh seed each run widens coverage over time; setting the
 * system property {@value #PROPERTY} (e.g. {@code mvn -Dtsserver.test.seed=42 verify}) replays
 * the run a failure message reported.
 */
public final class TestSeeds {

    public static final String PROPERTY = "tsserver.test.seed";

    private TestSeeds() {
    }

    public static long seed() {
        String fixed = System.getProperty(PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return new SecureRandom().nextLong();
    }

    /** The text to put in assertion messages so a failure can be replayed. */
    public static String replayHint(long seed) {
        return "seed " + seed + " (replay with -D" + PROPERTY + "=" + seed + ")";
    }
}
