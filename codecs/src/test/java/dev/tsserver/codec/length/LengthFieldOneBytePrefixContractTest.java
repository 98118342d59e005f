package dev.tsserver.codec.length;

import dev.tsserver.codec.CodecSettings;

class LengthFieldOneBytePrefixContractTest extends LengthFieldContract {

    /** Below 255, so that max + 1 still fits the field and the decoder's limit is reached. */
    @Override
    protected CodecSettings settings() {
        return new CodecSettings(200, 1);
    }
}
