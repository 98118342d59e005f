package dev.tsserver.client.bench;

/**
 * When the load starts, when measuring starts (after the warm-up) and when it ends, on the
 * {@link System#nanoTime()} clock. With {@code --count} the end is open: each worker stops
 * after its share of measured messages.
 */
record Window(long loadStart, long measureStart, long measureEnd) {

    static final long OPEN_END = Long.MAX_VALUE;
}
