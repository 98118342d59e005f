package dev.tsserver.client.bench;

/** The load generator's time source in nanoseconds; injected so scheduling is tested with made-up times. */
@FunctionalInterface
interface LoadClock {

    LoadClock SYSTEM = System::nanoTime;

    long nanoTime();
}
