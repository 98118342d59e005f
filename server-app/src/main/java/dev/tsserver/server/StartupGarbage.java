package dev.tsserver.server;

/**
 * One garbage collection once the server is up, so that the memory the JVM's start-up left
 * behind as garbage (logging configuration, class loading, option parsing: ~24 MB of a ~27 MB
 * young generation on the benchmark machine, 3 MB of it live) is reused by the first
 * connections instead of being carried next to them.
 *
 * <p>Why it shows in resident memory: with the collector the JVM picks for a one-core server
 * (Serial) and a default heap, the young generation is ~100 MB and nothing is collected until
 * it is full; every page allocated before then stays resident. So a fresh server's peak RSS was
 * its start-up garbage plus everything its connections allocated; after one collection the
 * connections' allocations fill the pages the garbage had used. It buys nothing once the young
 * generation has filled up once (a busy or long-running server): then the young generation is
 * resident in full either way. Figures: docs/perf/tuning/tcp-compact-chain.md.
 *
 * <p>Only the server process does this (not an application embedding {@code TsServer}); switched
 * off with {@code -Dtsserver.gcAfterStart=false}.
 */
final class StartupGarbage {

    static final String PROPERTY = "tsserver.gcAfterStart";

    private StartupGarbage() {
    }

    /** Runs {@code collector} unless the property switches it off; says whether it ran. */
    static boolean collect(Runnable collector) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return false;
        }
        collector.run();
        return true;
    }

    /** {@link #collect(Runnable)} with {@link System#gc()}. */
    static boolean collect() {
        return collect(System::gc);
    }
}
