package dev.tsserver.codec;

import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;

/**
 * A frame exceeded the maximum and was discarded, but the decoder can find the start of the
 * next frame: the stream goes on. {@link #peerNotice()} is the one line the peer is told.
 *
 * <p>The hexdump MINA would attach to a decoder exception is set empty up front: a dump of a
 * large frame is unbounded log output.
 */
public class FrameTooLongException extends RecoverableProtocolDecoderException {

    private final String detail;
    private final int maxFrame;
    private final String peerNotice;

    public FrameTooLongException(String detail, int maxFrame, String peerNotice) {
        super(detail);
        this.detail = detail;
        this.maxFrame = maxFrame;
        this.peerNotice = peerNotice;
        setHexdump("");
    }

    public int maxFrame() {
        return maxFrame;
    }

    /** The error line to send to the peer, without a delimiter (the encoder frames it). */
    public String peerNotice() {
        return peerNotice;
    }

    @Override
    public String getMessage() {
        return detail;
    }
}
