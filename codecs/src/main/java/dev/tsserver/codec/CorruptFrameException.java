package dev.tsserver.codec;

import org.apache.mina.filter.codec.ProtocolDecoderException;

/**
 * The stream can no longer be split into frames (a declared length over the maximum, say):
 * the only safe move is to close the connection. The decoder discards all further input.
 */
public class CorruptFrameException extends ProtocolDecoderException {

    private final String detail;

    public CorruptFrameException(String detail) {
        super(detail);
        this.detail = detail;
        setHexdump("");
    }

    @Override
    public String getMessage() {
        return detail;
    }
}
