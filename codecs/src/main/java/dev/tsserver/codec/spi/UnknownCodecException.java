package dev.tsserver.codec.spi;

import java.util.Collection;

/** No codec of that name is built in or on the class path. */
public class UnknownCodecException extends IllegalArgumentException {

    private final String codecName;

    public UnknownCodecException(String codecName, Collection<String> known) {
        super("unknown codec '" + codecName + "' (known: " + String.join(", ", known) + ")");
        this.codecName = codecName;
    }

    public String codecName() {
        return codecName;
    }
}
