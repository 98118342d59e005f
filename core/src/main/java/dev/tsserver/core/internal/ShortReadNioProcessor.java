package dev.tsserver.core.internal;

import java.util.concurrent.Executor;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * MINA's NIO processor without the extra {@code read()} system call after a read that did not
 * fill its buffer, while such calls keep finding nothing.
 *
 * <p>MINA's read loop ({@code AbstractPollingIoProcessor.read(session)}) on a TCP session reads
 * into its buffer until a read returns nothing or the buffer is full. When a client has one
 * request in flight (the line-1k load: 1,000 connections, one message each), a read that came
 * back short of the buffer's free space emptied the socket's receive queue, and the next one is
 * a system call that returns {@code EAGAIN}: one of the four system calls per message. Netty's
 * read loop stops after a short read instead. But a pipelining client often sends more in the
 * microseconds between the two reads, and then the follow-up read picks it up in the same
 * round: always skipping it cost line-50c about 9% (docs/performance.md, tried before).
 *
 * <p>So the skip adapts, per processor thread: every follow-up read that is made scores
 * whether it found data, and follow-up reads are skipped only while fewer than one in eight of
 * the recent ones did. One in {@value #PROBE_EVERY} is made anyway, so a change of load is
 * noticed. Anything that arrives after a skipped read, an end of input included, keeps the
 * socket readable and is read on the next pass of the processor loop. The figures are in
 * docs/perf/tuning/tcp-accept-and-read.md.
 *
 * <p>Switch: {@code -Dtsserver.tcp.stopReadOnShortRead=false} restores MINA's loop.
 */
public class ShortReadNioProcessor extends StagingBufferNioProcessor {

    /** System property; {@code false} makes every read ask the kernel, as MINA does. */
    public static final String STOP_ON_SHORT_READ_PROPERTY = "tsserver.tcp.stopReadOnShortRead";
    /** Follow-up reads made anyway while skipping, to notice a change of load: one in this many. */
    static final int PROBE_EVERY = 16;
    /** Fixed point: {@link #productiveScore} of {@code SCORE_ONE} means every follow-up found data. */
    private static final int SCORE_ONE = 1 << 10;
    /** Skip while fewer than one in eight recent follow-up reads found data. */
    private static final int SKIP_BELOW = SCORE_ONE / 8;

    private final boolean stopOnShortRead;
    /** The buffer whose last read came back short, and its session; touched only by the loop thread. */
    private IoBuffer shortReadBuffer;
    private NioSession shortReadSession;
    /** Moving average of follow-up reads that found data (0..SCORE_ONE), weight 1/8 per read. */
    private int productiveScore = SCORE_ONE;
    private int followUps;

    public ShortReadNioProcessor(Executor executor) {
        super(executor);
        String setting = System.getProperty(STOP_ON_SHORT_READ_PROPERTY);
        this.stopOnShortRead = setting == null || Boolean.parseBoolean(setting);
    }

    public boolean stopsOnShortRead() {
        return stopOnShortRead;
    }

    @Override
    protected int read(NioSession session, IoBuffer buf) throws Exception {
        boolean followUp = buf == shortReadBuffer && session == shortReadSession;
        shortReadBuffer = null;
        shortReadSession = null;
        if (followUp && productiveScore < SKIP_BELOW && ++followUps % PROBE_EVERY != 0) {
            return 0; // the receive queue was most likely emptied by the short read
        }
        int read = readFromChannel(session, buf);
        if (followUp) {
            productiveScore += read > 0 ? (SCORE_ONE - productiveScore) >> 3 : -(productiveScore >> 3);
        }
        if (stopOnShortRead && read > 0 && buf.hasRemaining()) {
            shortReadBuffer = buf;
            shortReadSession = session;
        }
        return read;
    }

    /** The kernel read, MINA's own; a seam for tests that count system calls. */
    protected int readFromChannel(NioSession session, IoBuffer buf) throws Exception {
        return super.read(session, buf);
    }
}
