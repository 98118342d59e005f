package dev.tsserver.core.internal;

import java.util.Arrays;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * Appends a write's bytes to the plain array that several writes are merged into (the reply
 * batch and the TLS read batch). A plain array rather than an auto-expanding {@code IoBuffer}:
 * that re-checks its capacity and limits on every put, which JFR showed costing more than the
 * copy itself.
 */
public final class MergedBytes {

    private MergedBytes() {
    }

    /**
     * Copies {@code buffer}'s remaining bytes to {@code array} at {@code length}, growing the array
     * by doubling, but never far past {@code limit} (the array is what gets queued).
     *
     * @return the array now holding the bytes: {@code array} itself or a larger copy
     */
    public static byte[] append(byte[] array, int length, IoBuffer buffer, int limit) {
        int n = buffer.remaining();
        byte[] target = array;
        if (length + n > target.length) {
            target = Arrays.copyOf(target, Math.max(length + n, Math.min(2 * target.length, limit)));
        }
        buffer.get(target, length, n);
        return target;
    }
}
