package dev.tsserver.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default listen backlog of TCP listeners: the kernel's own limit ({@code net.core.somaxconn}),
 * as Netty's {@code NetUtil.SOMAXCONN} picks it, instead of a fixed 1,024.
 *
 * <p>Why: a client's {@code connect()} completes as soon as the kernel has finished the
 * handshake, whether or not the server has accepted yet, so a burst of connects fills the accept
 * queue at the kernel's pace, not the server's. Once the queue holds {@code backlog} connections
 * the kernel drops further SYNs (Linux {@code ListenOverflows}) and each of those clients waits
 * out a one-second SYN retransmission; meanwhile the server drains the queue and then sits idle.
 * With 10,000 connects (line-10k-rate, 256 pending at once) a backlog of 1,024 overflowed 2,000-4,000
 * times per run and the connect phase took 6.4 s of which the server was busy for about half;
 * the kernel's 4,096 overflowed 0-256 times (docs/perf/tuning/tcp-connect-rate.md). MINA's own
 * default ({@code NioSocketAcceptor}: 50) is smaller still. The kernel caps whatever is asked
 * at {@code somaxconn}, so asking for it costs nothing on a machine where it is small.
 *
 * <p>Switch: {@code -Dtsserver.tcp.backlog=N} sets another default (1024 was the earlier one);
 * a listener built with an explicit {@code backlog(n)} keeps it.
 */
public final class ListenBacklog {

    /** System property: the default listen backlog, overriding the kernel's limit. */
    public static final String BACKLOG_PROPERTY = "tsserver.tcp.backlog";
    /** Linux's {@code somaxconn} since 5.4, and Netty's fallback when the file cannot be read. */
    static final int FALLBACK = 4096;
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private ListenBacklog() {
    }

    /** The property when it holds a positive number, else the kernel's {@code somaxconn}, else {@value #FALLBACK}. */
    public static int defaultBacklog() {
        Integer configured = Integer.getInteger(BACKLOG_PROPERTY);
        if (configured != null && configured > 0) {
            return configured;
        }
        return kernelLimit(SOMAXCONN);
    }

    /**
     * The positive number on the first line of {@code file} (as in {@code /proc/sys/net/core/somaxconn}),
     * or {@value #FALLBACK}. Read through a buffer in one {@code read()}: {@code Files.readString}
     * sizes its buffer from the file's size, which procfs reports as 0, reads one byte, and the
     * kernel answers the next read at offset 1 with end of file, so it returned "4" for 4096.
     */
    static int kernelLimit(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line = reader.readLine();
            int value = line == null ? 0 : Integer.parseInt(line.trim());
            return value > 0 ? value : FALLBACK;
        } catch (IOException | NumberFormatException | SecurityException e) {
            return FALLBACK;
        }
    }
}
