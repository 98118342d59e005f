package dev.tsserver.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.Executor;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * MINA's NIO processor with a direct buffer of its own between the socket and MINA's heap
 * buffers, instead of the JDK's per-thread cache of temporary direct buffers.
 *
 * <p>MINA reads into a fresh heap {@link IoBuffer} per read and writes heap buffers (the
 * encoders' replies). A socket reads and writes through native memory only, so for a heap
 * buffer the JDK ({@code sun.nio.ch.IOUtil}) takes a temporary direct buffer from a
 * {@code ThreadLocal} cache, copies through it and gives it back: two {@code ThreadLocal}
 * look-ups and a cache shuffle per read and per write. With one 64-byte message per read
 * (line-1k: 1,000 connections, one request in flight each) those look-ups were 6.8% of the I/O
 * thread's CPU samples (JFR, {@code Util.getTemporaryDirectBuffer} under {@code IOUtil.read}
 * and {@code IOUtil.write}); the copy itself was not measurable. Here the processor thread
 * (there is one per processor, and a processor's reads and writes all run on it) keeps one
 * direct buffer and copies through it itself: the same copy, without the look-ups.
 *
 * <p>Nothing outside this class ever sees the staging buffer: a read's bytes are copied into
 * MINA's buffer before {@link #read} returns, and a write's bytes are copied out of it before
 * the system call, so no decoder or plug-in codec can keep a reference to it. Direct buffers,
 * and transfers larger than the staging buffer, go the JDK's way unchanged.
 *
 * <p>Switch: {@code -Dtsserver.tcp.stagingBuffer=false} restores the JDK's path. Figures:
 * docs/perf/tuning/tcp-read-path.md.
 */
public class StagingBufferNioProcessor extends WriteInterestNioProcessor {

    /** System property; {@code false} lets the JDK stage heap buffers, as plain MINA does. */
    public static final String STAGING_PROPERTY = "tsserver.tcp.stagingBuffer";
    /** MINA's largest read buffer by default ({@code maxReadBufferSize}); larger transfers go the JDK's way. */
    static final int STAGING_CAPACITY = 64 * 1024;

    private final boolean staging;
    /** Allocated on first use, on the processor thread; touched only by it. */
    private ByteBuffer stagingBuffer;
    private long stagedTransfers;

    public StagingBufferNioProcessor(Executor executor) {
        super(executor);
        String setting = System.getProperty(STAGING_PROPERTY);
        this.staging = setting == null || Boolean.parseBoolean(setting);
    }

    /** Whether heap transfers go through this processor's own direct buffer. */
    public boolean stages() {
        return staging;
    }

    /** Reads and writes that went through the staging buffer so far; read it on the processor thread or after it stopped. */
    long stagedTransfers() {
        return stagedTransfers;
    }

    @Override
    protected int read(NioSession session, IoBuffer buf) throws Exception {
        ByteBuffer target = buf.buf();
        int room = target.remaining();
        if (!staging || target.isDirect() || room > STAGING_CAPACITY) {
            return super.read(session, buf);
        }
        ByteBuffer stage = stagingBuffer(room);
        int read = channel(session).read(stage);
        if (read > 0) {
            stage.flip();
            target.put(stage);
        }
        stagedTransfers++;
        return read;
    }

    @Override
    protected int write(NioSession session, IoBuffer buf, int length) throws IOException {
        ByteBuffer source = buf.buf();
        int count = Math.min(source.remaining(), length);
        if (!staging || source.isDirect() || count > STAGING_CAPACITY) {
            return super.write(session, buf, length);
        }
        ByteBuffer stage = stagingBuffer(count);
        stage.put(0, source, source.position(), count);
        int written = channel(session).write(stage);
        if (written > 0) {
            source.position(source.position() + written);
        }
        stagedTransfers++;
        return written;
    }

    /** The staging buffer, cleared and limited to {@code length} bytes. */
    private ByteBuffer stagingBuffer(int length) {
        ByteBuffer stage = stagingBuffer;
        if (stage == null) {
            stage = ByteBuffer.allocateDirect(STAGING_CAPACITY);
            stagingBuffer = stage;
        }
        stage.clear().limit(length);
        return stage;
    }

    /** The session's socket channel; a seam for tests that script the kernel's answers. */
    protected ByteChannel channel(NioSession session) {
        return session.getChannel();
    }
}
