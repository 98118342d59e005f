package dev.tsserver.core.internal;

import java.util.concurrent.Executor;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * MINA's NIO processor without the extra {@code read()} system call after a read that did not
 * fill its buffer.
 *
 * <p>MINA's read loop ({@code AbstractPollingIoProcessor.read(session)}) on a TCP session reads
 * into its buffer until a read returns nothing or the buffer is full. A read that came back
 * short of the buffer's free space already emptied the socket's receive queue, so the next one
 * is a system call that always returns {@code EAGAIN}: on a connection with one small message
 * per read (a request/response client, the line-1k load) that was one of the four system calls
 * per message. Here the read after a short read answers "nothing more" without asking the
 * kernel, as Netty's read loop does (it stops when a read does not fill the buffer). Anything
 * that arrived meanwhile, an end of input included, keeps the socket readable and is read on
 * the next pass of the processor loop. The figure it bought is in
 * docs/perf/tuning/tcp-short-read.md.
 *
 * <p>Switch: {@code -Dtsserver.tcp.stopReadOnShortRead=false} restores MINA's loop.
 */
public class ShortReadNioProcessor extends NioProcessor {

    /** System property; {@code false} makes every read ask the kernel, as MINA does. */
    public static final String STOP_ON_SHORT_READ_PROPERTY = "tsserver.tcp.stopReadOnShortRead";

    private final boolean stopOnShortRead;
    /** The buffer whose last read came back short, and its session; touched only by the loop thread. */
    private IoBuffer shortReadBuffer;
    private NioSession shortReadSession;

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
        if (buf == shortReadBuffer && session == shortReadSession) {
            // The same read loop asks again after a short read: the receive queue was emptied.
            shortReadBuffer = null;
            shortReadSession = null;
            return 0;
        }
        shortReadBuffer = null;
        shortReadSession = null;
        int read = readFromChannel(session, buf);
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
