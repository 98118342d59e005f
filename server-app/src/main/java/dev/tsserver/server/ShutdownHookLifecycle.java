package dev.tsserver.server;

import java.util.concurrent.CountDownLatch;

import ch.qos.logback.classic.LoggerContext;
import dev.tsserver.core.TsServer;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGINT and SIGTERM start the JVM's shutdown; a shutdown hook then stops the server gracefully
 * (unbind, answer what was read, flush, close) and ends the process with status 0, since a
 * requested stop that completed is a success.
 */
final class ShutdownHookLifecycle implements ServerLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownHookLifecycle.class);

    @Override
    public void runUntilStopped(TsServer server) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: draining connections");
            server.close();
            LOG.info("stopped");
            flushLogs();
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }, "tsserver-shutdown"));
        never.await();
    }

    private static void flushLogs() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
    }
}
