package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.transport.socket.nio.NioSession;
import org.junit.jupiter.api.Test;

/**
 * The skip's adaptation without sockets: a scripted kernel says what each read returns, and the
 * test runs MINA's read loop (read until nothing or a full buffer) over it.
 */
class ShortReadAdaptationTest {

    private final ScriptedProcessor processor = new ScriptedProcessor();
    private final NioSession session = mock(NioSession.class);

    @Test
    void followUpReadsThatFindDataAreNeverSkipped() throws Exception {
        // A pipelining client: the follow-up read finds the next 10 bytes, the one after nothing.
        for (int event = 0; event < 200; event++) {
            assertEquals(20, readEvent(List.of(10, 10, 0)), "bytes read in event " + event);
        }
        assertEquals(600, processor.kernelReads);
    }

    @Test
    void followUpReadsThatFindNothingAreSkippedButProbed() throws Exception {
        for (int event = 0; event < 40; event++) {
            assertEquals(10, readEvent(List.of(10, 0)));
        }
        processor.kernelReads = 0;
        for (int event = 0; event < 160; event++) {
            assertEquals(10, readEvent(List.of(10, 0)));
        }
        assertEquals(160 + 160 / ShortReadNioProcessor.PROBE_EVERY, processor.kernelReads);
    }

    @Test
    void skippingStopsOnceProbesFindDataAgain() throws Exception {
        for (int event = 0; event < 40; event++) {
            readEvent(List.of(10, 0));
        }
        // The load changes: data now waits behind every short read. Probes notice within a few
        // of them, and from then on no follow-up read is skipped.
        for (int event = 0; event < 4 * ShortReadNioProcessor.PROBE_EVERY; event++) {
            readEvent(List.of(10, 10, 0));
        }
        processor.kernelReads = 0;
        for (int event = 0; event < 50; event++) {
            assertEquals(20, readEvent(List.of(10, 10, 0)), "bytes read in event " + event);
        }
        assertEquals(150, processor.kernelReads);
    }

    @Test
    void aFullBufferEndsTheLoopWithoutAFollowUp() throws Exception {
        for (int event = 0; event < 40; event++) {
            readEvent(List.of(10, 0));
        }
        processor.kernelReads = 0;
        assertEquals(64, readEvent(List.of(64)));
        assertEquals(1, processor.kernelReads);
    }

    /** MINA's loop for one readiness event on a fresh 64-byte buffer; returns the bytes read. */
    private int readEvent(List<Integer> kernelAnswers) throws Exception {
        processor.script = new ArrayDeque<>(kernelAnswers);
        IoBuffer buf = IoBuffer.allocate(64);
        int total = 0;
        int ret;
        while ((ret = processor.read(session, buf)) > 0) {
            total += ret;
            if (!buf.hasRemaining()) {
                break;
            }
        }
        return total;
    }

    private static final class ScriptedProcessor extends ShortReadNioProcessor {
        Deque<Integer> script = new ArrayDeque<>();
        int kernelReads;

        ScriptedProcessor() {
            super(directly());
        }

        private static Executor directly() {
            return Runnable::run;
        }

        @Override
        protected int readFromChannel(NioSession session, IoBuffer buf) {
            kernelReads++;
            Integer answer = script.poll();
            int n = answer == null ? 0 : answer;
            buf.put(new byte[n]);
            return n;
        }
    }
}
