package dev.tsserver.core.protocol;

import java.util.Collection;

import dev.tsserver.core.InvalidSettingException;

/** No protocol of that name is built in or on the class path. */
public class UnknownProtocolException extends InvalidSettingException {

    private final String protocolName;

    public UnknownProtocolException(String protocolName, Collection<String> known) {
        super("protocol", "unknown protocol '" + protocolName + "' (known: " + String.join(", ", known) + ")");
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }
}
