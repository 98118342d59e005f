package dev.tsserver.core.time;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampFormatterTest {

    /**
     * Expected strings are Python's {@code time.ctime(ms / 1000)} under {@code TZ=zone}, produced
     * with CPython 3.11 (the reference the SPEC names), e.g.
     * {@code TZ=Asia/Shanghai python3 -c 'import time; print(time.ctime(1795615419.123))'}.
     */
    @ParameterizedTest
    @CsvSource({
            "0, UTC, Thu Jan  1 00:00:00 1970",
            "1795615419123, UTC, Wed Nov 25 14:03:39 2026",
            "1795615419123, Asia/Shanghai, Wed Nov 25 22:03:39 2026",
            "1772323200000, UTC, Sun Mar  1 00:00:00 2026",
            "1775001599999, America/New_York, Tue Mar 31 19:59:59 2026",
            "1762000000000, America/New_York, Sat Nov  1 08:26:40 2025",
            "951782400000, UTC, Tue Feb 29 00:00:00 2000",
            "1704067199000, Asia/Kolkata, Mon Jan  1 05:29:59 2024",
            "-86400000, UTC, Wed Dec 31 00:00:00 1969",
            "1738368000500, Europe/London, Sat Feb  1 00:00:00 2025",
    })
    void ctimeMatchesPythonByteForByte(long epochMillis, String zone, String python) {
        TimestampFormatter formatter = formatterAt(TimestampFormat.CTIME, zone, epochMillis);
        assertArrayEquals(("[" + python + "] ").getBytes(StandardCharsets.US_ASCII), formatter.prefix());
    }

    @Test
    void ctimeUsesEnglishNamesWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("Thu Jan  1 00:00:00 1970",
                    new TimestampFormatter(TimestampFormat.CTIME, ZoneOffset.UTC, Clock.systemUTC()).render(0));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "1795615419123, UTC, 2026-11-25T14:03:39.123Z",
            "1795615419000, UTC, 2026-11-25T14:03:39.000Z",
            "1795615419123, Asia/Shanghai, 2026-11-25T22:03:39.123+08:00",
            "1795615419007, Asia/Kolkata, 2026-11-25T19:33:39.007+05:30",
            "1762000000000, America/New_York, 2025-11-01T08:26:40.000-04:00",
    })
    void isoHasMillisecondsAndOffset(long epochMillis, String zone, String expected) {
        assertEquals("[" + expected + "] ", ascii(formatterAt(TimestampFormat.ISO, zone, epochMillis).prefix()));
    }

    @Test
    void epochIsMillisecondsSinceTheEpochWhateverTheZone() {
        assertEquals("[1795615419123] ", ascii(formatterAt(TimestampFormat.EPOCH, "Asia/Shanghai", 1795615419123L).prefix()));
        assertEquals("[0] ", ascii(formatterAt(TimestampFormat.EPOCH, "UTC", 0).prefix()));
    }

    @Test
    void ctimePrefixIsRenderedOncePerSecond() {
        MutableClock clock = new MutableClock(1795615419000L);
        TimestampFormatter formatter = new TimestampFormatter(TimestampFormat.CTIME, ZoneOffset.UTC, clock);
        byte[] first = formatter.prefix();
        clock.millis = 1795615419999L;
        assertSame(first, formatter.prefix(), "same second: cached");
        clock.millis = 1795615420000L;
        byte[] next = formatter.prefix();
        assertNotSame(first, next);
        assertEquals("[Wed Nov 25 14:03:40 2026] ", ascii(next));
    }

    @Test
    void isoPrefixChangesEveryMillisecond() {
        MutableClock clock = new MutableClock(1795615419000L);
        TimestampFormatter formatter = new TimestampFormatter(TimestampFormat.ISO, ZoneOffset.UTC, clock);
        byte[] first = formatter.prefix();
        assertSame(first, formatter.prefix());
        clock.millis++;
        assertEquals("[2026-11-25T14:03:39.001Z] ", ascii(formatter.prefix()));
    }

    private static TimestampFormatter formatterAt(TimestampFormat format, String zone, long epochMillis) {
        ZoneId zoneId = ZoneId.of(zone);
        return new TimestampFormatter(format, zoneId, Clock.fixed(Instant.ofEpochMilli(epochMillis), zoneId));
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static final class MutableClock extends Clock {
        long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
