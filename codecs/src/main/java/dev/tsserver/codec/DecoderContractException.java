package dev.tsserver.codec;

/**
 * A decoder broke the framing contract (it made no progress on its input, or emitted something
 * other than {@code byte[]}): a bug in the codec, not in the peer's bytes. Fatal for the
 * connection it happened on, like any {@link CorruptFrameException}.
 */
public class DecoderContractException extends CorruptFrameException {

    public DecoderContractException(String detail) {
        super(detail);
    }
}
