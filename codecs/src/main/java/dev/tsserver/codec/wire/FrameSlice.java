package dev.tsserver.codec.wire;

/**
 * Where the payload of the last frame found by {@link WireFraming#nextFrame} lies: absolute
 * indices of the buffer that was searched. Mutable and reused, so finding frames does not
 * allocate; owned by one thread.
 */
public final class FrameSlice {

    private int start;
    private int length;

    /** Index of the payload's first byte. */
    public int start() {
        return start;
    }

    /** Payload bytes, without the framing. */
    public int length() {
        return length;
    }

    /** Records a frame's payload; for framers outside this package too. */
    public void set(int start, int length) {
        this.start = start;
        this.length = length;
    }
}
