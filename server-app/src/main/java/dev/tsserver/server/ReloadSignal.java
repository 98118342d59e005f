package dev.tsserver.server;

import dev.tsserver.core.TsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code SIGHUP} reloads the TLS certificate and key (SPEC Part 2, "TLS"). Java has no public
 * API for signals other than the shutdown hook; {@code sun.misc.Signal} (module jdk.unsupported,
 * kept for exactly this use) is what servers on the JVM use. Without TLS, SIGHUP is ignored
 * rather than ending the process (the JVM's default for it).
 */
final class ReloadSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void onHangup(TsServer server) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                if (!server.hasTls()) {
                    LOG.info("SIGHUP: nothing to reload (no TLS)");
                    return;
                }
                // The handler thread is the JVM's signal thread; reading a few small files is fine there.
                // Every TLS listener reloads its own files.
                server.reloadTls();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("SIGHUP not available here: {}", e.toString()); // e.g. on Windows
        }
    }
}
