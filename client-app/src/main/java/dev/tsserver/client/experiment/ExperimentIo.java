package dev.tsserver.client.experiment;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plumbing the socket experiments ({@code tsclient boundaries} and {@code tsclient
 * reliability}) share: they write from one thread while a reader thread collects replies, all
 * under one deadline, and report what stopped them as a short lower-case phrase rather than an
 * exception, because a shortfall is a finding of the experiment, not a failure of the tool.
 */
public final class ExperimentIo {

    private ExperimentIo() {
    }

    /** Daemon threads named {@code name}: an experiment's helpers never keep the JVM alive. */
    public static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Waits for the reader until the deadline plus {@code graceMillis} (the reader checks the
     * deadline only between its polls).
     *
     * @return the reader's result: null when every reply came in, else what stopped it;
     *         {@code timedOut} when the reader itself did not finish in time
     * @throws IOException what the reader threw
     */
    public static String awaitReader(Future<String> reading, long deadlineNanos, long graceMillis, String timedOut)
            throws IOException {
        try {
            long left = Math.max(1, deadlineNanos - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis));
            return reading.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return timedOut;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * What went wrong on a socket, as a phrase: "timed out" once the deadline has passed (the
     * watchdog closed the socket, whatever exception that caused), else the exception's message.
     */
    public static String describe(IOException e, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos > 0) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.toLowerCase(Locale.ROOT);
    }

    /** The error of an exchange that never got connected to {@code server}. */
    public static String cannotConnect(InetSocketAddress server, String why) {
        return "cannot connect to " + server.getHostString() + ":" + server.getPort() + ": " + why;
    }

    /** Closes to unblock a stuck write or read; a failure to close changes nothing then. */
    public static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    /** Interrupts the reader and gives it a second to end. */
    public static void stopReader(ExecutorService reader) {
        reader.shutdownNow();
        try {
            reader.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
