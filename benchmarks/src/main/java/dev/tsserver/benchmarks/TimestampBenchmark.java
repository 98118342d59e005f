package dev.tsserver.benchmarks;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.core.time.TimestampFormatter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reply prefix: {@code prefix()} is what each reply costs (a clock read and the cache,
 * refreshed once a second for ctime, once a millisecond for iso and epoch); {@code render}
 * formats without the cache, the cost the cache saves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimestampBenchmark {

    @Param({"ctime", "iso", "epoch"})
    public String format;

    private TimestampFormatter formatter;
    private long millis;

    @Setup
    public void setUp() {
        formatter = new TimestampFormatter(TimestampFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)),
                ZoneId.of("Asia/Shanghai"), Clock.systemUTC());
        millis = System.currentTimeMillis();
    }

    @Benchmark
    public byte[] cachedPrefix() {
        return formatter.prefix();
    }

    @Benchmark
    public String renderUncached() {
        return formatter.render(millis++);
    }
}
