package dev.tsserver.core.time;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders the reply prefix {@code "[" TIMESTAMP "] "} as ASCII bytes.
 *
 * <p>The rendered prefix is cached for as long as it cannot change: a second for {@code ctime},
 * a millisecond for {@code iso} and {@code epoch}. Under load most replies then cost one clock
 * read and a comparison. The cache is one immutable holder in a volatile field, so threads
 * share it without locks; a race only renders the same text twice.
 *
 * <p>The clock is injected so tests can pin the instant.
 */
public final class TimestampFormatter {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 10, java.time.format.SignStyle.EXCEEDS_PAD)
            .appendPattern("-MM-dd'T'HH:mm:ss.SSS")
            .appendOffset("+HH:MM:ss", "Z")
            .toFormatter(Locale.ROOT);

    private final Clock clock;
    private final ZoneId zone;
    private final TimestampFormat format;
    private final long cacheUnitMillis;
    private volatile Rendered cached = new Rendered(Long.MIN_VALUE, new byte[0]);

    public TimestampFormatter(TimestampFormat format, ZoneId zone, Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cacheUnitMillis = format == TimestampFormat.CTIME ? 1000 : 1;
    }

    public TimestampFormat format() {
        return format;
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code "[" TIMESTAMP "] "} for the clock's current instant. Do not modify the array. */
    public byte[] prefix() {
        long millis = clock.millis();
        long unit = Math.floorDiv(millis, cacheUnitMillis);
        Rendered current = cached;
        if (current.unit != unit) {
            current = new Rendered(unit, ("[" + render(millis) + "] ").getBytes(StandardCharsets.US_ASCII));
            cached = current;
        }
        return current.prefix;
    }

    /** The timestamp text alone for an instant, uncached. */
    public String render(long epochMillis) {
        return switch (format) {
            case EPOCH -> Long.toString(epochMillis);
            case ISO -> ISO.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
            case CTIME -> ctime(epochMillis);
        };
    }

    private String ctime(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        ZoneOffset offset = zone.getRules().getOffset(instant);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, offset);
        // asctime(): "%.3s %.3s%3d %.2d:%.2d:%.2d %d" -- the day is space-padded, the year is not.
        StringBuilder s = new StringBuilder(24);
        s.append(DAYS[t.getDayOfWeek().getValue() - 1]).append(' ')
                .append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            s.append(' ');
        }
        s.append(t.getDayOfMonth()).append(' ');
        twoDigits(s, t.getHour()).append(':');
        twoDigits(s, t.getMinute()).append(':');
        twoDigits(s, t.getSecond()).append(' ');
        return s.append(t.getYear()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder s, int value) {
        if (value < 10) {
            s.append('0');
        }
        return s.append(value);
    }

    private record Rendered(long unit, byte[] prefix) {
    }
}
