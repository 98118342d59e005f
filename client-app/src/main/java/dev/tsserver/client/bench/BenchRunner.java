package dev.tsserver.client.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark: starts the workers, waits until every connection is made, opens the
 * measuring window, prints progress once a second and merges what the workers counted.
 */
final class BenchRunner {

    private static final long PROGRESS_INTERVAL_MILLIS = 1000;

    private final BenchSettings settings;
    private final PrintWriter progress;

    /** @param progress where the once-a-second line goes; null for none */
    BenchRunner(BenchSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        int workerCount = settings.workers();
        CountDownLatch connected = new CountDownLatch(workerCount);
        CompletableFuture<Window> start = new CompletableFuture<>();
        LoadWorker[] workers = new LoadWorker[workerCount];
        Thread[] threads = new Thread[workerCount];
        for (int w = 0; w < workerCount; w++) {
            int[] ids = connectionIds(w, workerCount);
            long quota = settings.count() / workerCount + (w < settings.count() % workerCount ? 1 : 0);
            double rate = (double) settings.rate() * ids.length / settings.connections();
            workers[w] = new LoadWorker(settings, ids, quota, rate, connected, start);
            threads[w] = new Thread(workers[w], "bench-worker-" + w);
            threads[w].setDaemon(true);
        }
        long connectStart = System.nanoTime();
        long connectNanos = 0;
        try {
            for (Thread thread : threads) {
                thread.start();
            }
            connected.await();
            connectNanos = System.nanoTime() - connectStart;
            int open = 0;
            for (LoadWorker worker : workers) {
                open += worker.tally().connected;
            }
            if (open == 0) {
                start.cancel(false);
            } else {
                long now = System.nanoTime();
                long measureStart = now + settings.warmup().toNanos();
                long measureEnd = settings.countMode() ? Window.OPEN_END : measureStart + settings.duration().toNanos();
                start.complete(new Window(now, measureStart, measureEnd));
                reportProgress(workers, threads, measureStart);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            start.cancel(false);
            for (Thread thread : threads) {
                thread.interrupt();
            }
        }
        Tally total = new Tally();
        for (LoadWorker worker : workers) {
            total.add(worker.tally());
        }
        total.connectNanos = connectNanos;
        return new BenchResult(settings, total, elapsedSeconds(total, start));
    }

    private int[] connectionIds(int worker, int workerCount) {
        int n = settings.connections() / workerCount + (worker < settings.connections() % workerCount ? 1 : 0);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = worker + i * workerCount;
        }
        return ids;
    }

    private double elapsedSeconds(Tally total, CompletableFuture<Window> start) {
        Window window = start.isDone() && !start.isCompletedExceptionally() ? start.join() : null;
        if (window == null) {
            return 0;
        }
        if (!settings.countMode()) {
            return settings.duration().toNanos() / 1e9;
        }
        return total.messages == 0 ? 0 : Math.max(1, total.lastMeasuredReplyNanos - window.measureStart()) / 1e9;
    }

    private void reportProgress(LoadWorker[] workers, Thread[] threads, long measureStart)
            throws InterruptedException {
        long last = 0;
        long lastNanos = System.nanoTime();
        int second = 0;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(Math.max(1, PROGRESS_INTERVAL_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastNanos)));
                long now = System.nanoTime();
                if (now - lastNanos < TimeUnit.MILLISECONDS.toNanos(PROGRESS_INTERVAL_MILLIS) || !anyAlive(threads)) {
                    continue;
                }
                long replies = 0;
                for (LoadWorker worker : workers) {
                    replies += worker.tally().progress;
                }
                second++;
                if (progress != null) {
                    double rate = (replies - last) * 1e9 / (now - lastNanos);
                    progress.printf(Locale.ROOT, "bench: %3d s %,12.0f msgs/s %,14d replies so far%s%n", second, rate,
                            replies, now - measureStart < 0 ? " (warm-up)" : "");
                    progress.flush();
                }
                last = replies;
                lastNanos = now;
            }
        }
    }

    private static boolean anyAlive(Thread[] threads) {
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return true;
            }
        }
        return false;
    }
}
