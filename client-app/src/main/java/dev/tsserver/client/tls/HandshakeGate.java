package dev.tsserver.client.tls;

import java.util.ArrayList;
import java.util.List;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;

/**
 * Holds the client's writes until the TLS handshake is done. MINA's TLS handler queues at most
 * 64 writes before then and throws on the next; {@code send} with many messages, or piped chat,
 * can write more than that before the server has answered the handshake.
 */
final class HandshakeGate extends IoFilterAdapter {

    private static final AttributeKey HELD = new AttributeKey(HandshakeGate.class, "held");

    private final ClientTls tls;

    HandshakeGate(ClientTls tls) {
        this.tls = tls;
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        synchronized (session) {
            Object state = session.getAttribute(HELD);
            if (state == null) {
                state = new ArrayList<WriteRequest>();
                session.setAttribute(HELD, state);
            }
            if (state instanceof List<?> held) {
                @SuppressWarnings("unchecked")
                List<WriteRequest> requests = (List<WriteRequest>) held;
                requests.add(writeRequest);
                return;
            }
        }
        nextFilter.filterWrite(session, writeRequest);
    }

    @Override
    public void event(NextFilter nextFilter, IoSession session, FilterEvent event) {
        if (event == SslEvent.SECURED) {
            tls.handshakeDone();
            // Released under the lock, so a write made meanwhile cannot overtake them.
            synchronized (session) {
                Object held = session.getAttribute(HELD);
                session.setAttribute(HELD, Boolean.TRUE);
                if (held instanceof List<?> requests) {
                    for (Object request : requests) {
                        nextFilter.filterWrite(session, (WriteRequest) request);
                    }
                }
            }
        }
        nextFilter.event(session, event);
    }
}
