package dev.tsserver.client.bench;

import org.HdrHistogram.Histogram;

/** The outcome of one run: counts, throughput and latency percentiles (in microseconds). */
final class BenchResult {

    private final BenchSettings settings;
    private final Tally tally;
    private final double elapsedSeconds;

    BenchResult(BenchSettings settings, Tally tally, double elapsedSeconds) {
        this.settings = settings;
        this.tally = tally;
        this.elapsedSeconds = elapsedSeconds;
    }

    BenchSettings settings() {
        return settings;
    }

    Tally tally() {
        return tally;
    }

    long messages() {
        return tally.messages;
    }

    double elapsedSeconds() {
        return elapsedSeconds;
    }

    double messagesPerSecond() {
        return elapsedSeconds > 0 ? tally.messages / elapsedSeconds : 0;
    }

    /** Payload megabytes (10^6) per second, each way, as the shared loadgen counts them. */
    double megabytesPerSecond() {
        return messagesPerSecond() * settings.size() / 1e6;
    }

    long errors() {
        return tally.errors();
    }

    /** True when nothing could be connected at all. */
    boolean noConnection() {
        return tally.connected == 0;
    }

    /** Latency percentiles: from when each request was due when a rate is set, else from its write. */
    Latency latency() {
        return new Latency(tally.latency);
    }

    /** With a rate: latency from the actual write (what an uncorrected tool would report). */
    Latency serviceTime() {
        return new Latency(tally.serviceTime);
    }

    /** Percentiles of one histogram, in microseconds. */
    record Latency(double p50, double p90, double p99, double p999, double max, double mean, long samples) {
        Latency(Histogram h) {
            this(us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                    us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getTotalCount() == 0 ? 0 : h.getMean() / 1e3,
                    h.getTotalCount());
        }

        private static double us(long nanos) {
            return nanos / 1e3;
        }
    }
}
