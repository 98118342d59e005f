package dev.tsserver.core.protocol;

import dev.tsserver.core.TimestampReplyHandler;
import org.apache.mina.core.service.IoHandler;

/** {@code ts}, the default: every message comes back as {@code [TIMESTAMP] payload} (SPEC Part 1). */
public final class TimestampProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "ts";
    }

    @Override
    public String description() {
        return "every message back as [TIMESTAMP] message (the default)";
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new TimestampReplyHandler(context.timestamps(), context.stats());
    }
}
