package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The close line's duration reads as it did with {@code String.format("%.3f")}. */
class CloseLineSecondsTest {

    @Test
    void threeDecimalsWithLeadingZeros() {
        assertEquals("0.000", CountingHandler.secondsText(0));
        assertEquals("0.005", CountingHandler.secondsText(5));
        assertEquals("0.050", CountingHandler.secondsText(50));
        assertEquals("1.000", CountingHandler.secondsText(1000));
        assertEquals("12.345", CountingHandler.secondsText(12_345));
        assertEquals("86400.001", CountingHandler.secondsText(86_400_001));
    }

    @Test
    void sameTextAsTheFormatterForEveryMillisecondOfTheFirstMinutes() {
        for (long millis = 0; millis < 200_000; millis += 7) {
            assertEquals(String.format(Locale.ROOT, "%.3f", millis / 1000.0), CountingHandler.secondsText(millis),
                    "millis " + millis);
        }
    }
}
