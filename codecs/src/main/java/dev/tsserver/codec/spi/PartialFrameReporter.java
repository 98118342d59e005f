package dev.tsserver.codec.spi;

/**
 * A decoder (one instance per session) that can say whether it holds part of a frame. The
 * server's frame deadline needs it: a read can complete one message and begin the next, and
 * only the decoder knows that the begun one is there. A decoder that does not implement this is
 * timed from the reads alone (see {@link GuardedCodecFactory#partialFrame}).
 */
public interface PartialFrameReporter {

    /**
     * True while bytes of a frame that has not been emitted are held (or being skipped, for a
     * frame too long to emit) and more input is needed to finish it.
     */
    boolean holdsPartialFrame();
}
