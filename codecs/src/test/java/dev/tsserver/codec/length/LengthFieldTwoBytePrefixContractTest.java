package dev.tsserver.codec.length;

import dev.tsserver.codec.CodecSettings;

class LengthFieldTwoBytePrefixContractTest extends LengthFieldContract {

    @Override
    protected CodecSettings settings() {
        return new CodecSettings(300, 2);
    }
}
