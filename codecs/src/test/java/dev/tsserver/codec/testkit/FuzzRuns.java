package dev.tsserver.codec.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Drives fuzz targets ({@code void target(byte[] input)}) with inputs drawn from a seeded
 * random generator: the fuzzing every build does without Jazzer's native fuzzer. The seed is
 * printed and replayed with {@code -D}{@value TestSeeds#PROPERTY}; the number of inputs per
 * target comes from {@code -D}{@value #TRIES_PROPERTY}. An input that fails is saved under
 * {@value #FINDINGS_DIR}, ready to become a committed regression input of the {@code @FuzzTest}.
 */
public final class FuzzRuns {

    /** System property: random inputs per fuzz target. */
    public static final String TRIES_PROPERTY = "tsserver.fuzz.tries";
    public static final int DEFAULT_TRIES = 200;
    /** Where failing inputs are written, relative to the test's working directory. */
    public static final String FINDINGS_DIR = "target/fuzz-findings";

    private FuzzRuns() {
    }

    public static int tries() {
        String value = System.getProperty(TRIES_PROPERTY);
        return value == null || value.isBlank() ? DEFAULT_TRIES : Integer.parseInt(value.trim());
    }

    /**
     * Runs every target on {@link #tries()} random inputs of 0 to {@code maxInputLength} bytes
     * (a quarter of them at most 64 bytes: small cases first). Each target draws from its own
     * generator seeded with the one seed, so a target's failure replays whatever the others do.
     */
    public static void run(Object test, Map<String, Consumer<byte[]>> targets, int maxInputLength) {
        long seed = TestSeeds.seed();
        int tries = tries();
        String testName = test.getClass().getSimpleName();
        // Logged on success too, so a run that later turns out suspicious can still be replayed.
        System.out.println(testName + " fuzz targets, " + tries + " random inputs each: " + TestSeeds.replayHint(seed));
        for (Map.Entry<String, Consumer<byte[]>> target : new TreeMap<>(targets).entrySet()) {
            Random random = new Random(seed);
            for (int attempt = 1; attempt <= tries; attempt++) {
                byte[] input = new byte[random.nextInt(attempt % 4 == 1 ? 65 : maxInputLength + 1)];
                random.nextBytes(input);
                try {
                    target.getValue().accept(input);
                } catch (AssertionError | RuntimeException failure) {
                    Path saved = save(test, target.getKey(), seed, attempt, input);
                    throw new AssertionError(testName + "." + target.getKey() + " failed on random input " + attempt
                            + " of " + tries + " (" + input.length + " bytes, saved as " + saved + "), "
                            + TestSeeds.replayHint(seed) + ": " + failure.getMessage(), failure);
                }
            }
        }
    }

    private static Path save(Object test, String target, long seed, int attempt, byte[] input) {
        Path file = Path.of(FINDINGS_DIR, test.getClass().getName(), target, "seed" + seed + "-input" + attempt);
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the failing fuzz input to " + file, e);
        }
    }
}
