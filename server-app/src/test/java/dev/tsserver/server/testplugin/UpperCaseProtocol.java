package dev.tsserver.server.testplugin;

import dev.tsserver.core.protocol.ProtocolContext;
import dev.tsserver.core.protocol.ProtocolHandlerAdapter;
import dev.tsserver.core.protocol.ProtocolProvider;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;

/**
 * A protocol plug-in built by the tests, as a third party would write one: only the public
 * API, registered in {@code META-INF/services}. The jar test puts {@code target/test-classes}
 * on the class path next to {@code tsserver.jar} and starts it with {@code --protocol upper}.
 */
public final class UpperCaseProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "upper";
    }

    @Override
    public String description() {
        return "every message back in ASCII upper case (test plug-in)";
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new ProtocolHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                byte[] in = (byte[]) message;
                byte[] out = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] >= 'a' && in[i] <= 'z' ? (byte) (in[i] - 32) : in[i];
                }
                session.write(out);
                context.stats().messageAnswered();
            }
        };
    }
}
