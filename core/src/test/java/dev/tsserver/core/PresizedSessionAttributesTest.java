package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.tsserver.core.internal.PresizedSessionAttributes;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The presized attribute map answers every operation as MINA's does, a TCP session of the server
 * gets it, and such a session (line codec, after a reply) holds no more attributes than the map
 * was sized for, so it never grows.
 */
@Timeout(30)
class PresizedSessionAttributesTest {

    /** The largest number of attributes the map takes without a resize (16 slots, 0.75). */
    private static final int ROOM = 12;

    @Test
    void answersEveryOperationAsMinasMapDoes() throws Exception {
        IoSession session = new DummySession();
        IoSessionAttributeMap mina = new DefaultIoSessionDataStructureFactory().getAttributeMap(session);
        IoSessionAttributeMap ours = new PresizedSessionAttributes().getAttributeMap(session);
        assertEquals(script(mina, session), script(ours, session));
        for (IoSessionAttributeMap map : List.of(mina, ours)) {
            assertThrows(IllegalArgumentException.class, () -> map.getAttribute(session, null, null));
            assertThrows(IllegalArgumentException.class, () -> map.setAttribute(session, null, "v"));
            assertThrows(IllegalArgumentException.class, () -> map.setAttributeIfAbsent(session, null, "v"));
            assertThrows(IllegalArgumentException.class, () -> map.removeAttribute(session, null));
            assertThrows(IllegalArgumentException.class, () -> map.removeAttribute(session, null, "v"));
        }
    }

    private static List<Object> script(IoSessionAttributeMap map, IoSession s) {
        List<Object> seen = new ArrayList<>();
        seen.add(map.getAttribute(s, "a", null));
        seen.add(map.getAttribute(s, "a", "default"));
        seen.add(map.getAttribute(s, "a", "other"));
        seen.add(map.setAttribute(s, "b", "1"));
        seen.add(map.setAttribute(s, "b", "2"));
        seen.add(map.setAttributeIfAbsent(s, "b", "3"));
        seen.add(map.setAttributeIfAbsent(s, "c", "3"));
        seen.add(map.setAttributeIfAbsent(s, "d", null));
        seen.add(map.containsAttribute(s, "c"));
        seen.add(map.replaceAttribute(s, "c", "3", "4"));
        seen.add(map.replaceAttribute(s, "c", "3", "5"));
        seen.add(map.replaceAttribute(s, "c", null, "5"));
        seen.add(map.removeAttribute(s, "c", "5"));
        seen.add(map.removeAttribute(s, "c", null));
        seen.add(map.removeAttribute(s, "c", "4"));
        seen.add(map.setAttribute(s, "b", null));
        seen.add(map.removeAttribute(s, "nothing"));
        seen.add(map.containsAttribute(s, "b"));
        Set<Object> keys = map.getAttributeKeys(s);
        seen.add(keys);
        keys.add("mutable copy");
        seen.add(map.getAttributeKeys(s));
        return seen;
    }

    @Test
    void aLineSessionGetsTheMapAndFitsInIt() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec("line").start();
             Socket socket = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("hello\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(reply != null && reply.endsWith("] hello"), reply);
            Collection<IoSession> sessions = server.listeners().get(0).acceptor().getManagedSessions().values();
            assertEquals(1, sessions.size());
            IoSession session = sessions.iterator().next();
            assertEquals(PresizedSessionAttributes.class, session.getService().getSessionDataStructureFactory().getClass());
            int held = session.getAttributeKeys().size();
            assertTrue(held >= 6, "MINA's map would have grown: " + session.getAttributeKeys());
            assertTrue(held <= ROOM, held + " attributes do not fit without a resize: " + session.getAttributeKeys());
        }
    }

    @Test
    void nullValueReadsAsAbsent() {
        IoSession session = new DummySession();
        IoSessionAttributeMap ours = new PresizedSessionAttributes().getAttributeMap(session);
        assertNull(ours.setAttribute(session, "k", null));
        assertFalse(ours.containsAttribute(session, "k"));
    }
}
