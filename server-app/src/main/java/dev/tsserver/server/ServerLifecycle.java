package dev.tsserver.server;

import dev.tsserver.core.TsServer;

/**
 * What the command does once the server is up: wait for a stop signal. Production waits for
 * SIGINT/SIGTERM; tests stop at once, so the command runs in-process without signals.
 */
public interface ServerLifecycle {

    /** Blocks until the server should stop, then stops it (gracefully) and returns. */
    void runUntilStopped(TsServer server) throws InterruptedException;
}
