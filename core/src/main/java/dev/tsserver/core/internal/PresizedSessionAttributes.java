package dev.tsserver.core.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;

/**
 * Session attribute maps sized for what a TCP session of this server holds, so that none of them
 * grows while the connection opens.
 *
 * <p><b>MINA behaviour worked around.</b> {@code DefaultIoSessionDataStructureFactory} gives each
 * session a {@code ConcurrentHashMap} created with capacity 4: 8 slots, resized to 16 when the
 * sixth attribute arrives. A line session gets eight before its first reply (MINA's processor,
 * the codec's encoder, decoder and state, the line decoder, the reply-memory gate, the frame
 * clock, the message tally), so every connection paid for the 8-slot table, the resize's copy of
 * the nodes and its forwarding node, all garbage at once. Here the map starts with room for 12
 * (16 slots: the table it ended with anyway). Same semantics as MINA's map: null keys are
 * rejected, a null value removes, and the write-request queue is MINA's own.
 *
 * <p>Switch: {@code -Dtsserver.tcp.presizedAttributes=false} keeps MINA's factory.
 */
public final class PresizedSessionAttributes extends DefaultIoSessionDataStructureFactory {

    /** Attributes a session may hold before its map grows (16 slots at load factor 0.75). */
    static final int CAPACITY = 12;
    static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("tsserver.tcp.presizedAttributes", "true"));

    /** Installs the factory on a TCP acceptor unless switched off. */
    public static void apply(IoService service) {
        if (ENABLED) {
            service.setSessionDataStructureFactory(new PresizedSessionAttributes());
        }
    }

    @Override
    public IoSessionAttributeMap getAttributeMap(IoSession session) {
        return new AttributeMap();
    }

    /** MINA's attribute map over a presized {@link ConcurrentHashMap}. */
    static final class AttributeMap implements IoSessionAttributeMap {

        // ConcurrentHashMap(n) sizes its table for n / 0.75 entries: 8 -> 16 slots, resized at 12.
        final ConcurrentHashMap<Object, Object> attributes = new ConcurrentHashMap<>(CAPACITY * 2 / 3);

        @Override
        public Object getAttribute(IoSession session, Object key, Object defaultValue) {
            requireKey(key);
            if (defaultValue == null) {
                return attributes.get(key);
            }
            Object previous = attributes.putIfAbsent(key, defaultValue);
            return previous == null ? defaultValue : previous;
        }

        @Override
        public Object setAttribute(IoSession session, Object key, Object value) {
            requireKey(key);
            return value == null ? attributes.remove(key) : attributes.put(key, value);
        }

        @Override
        public Object setAttributeIfAbsent(IoSession session, Object key, Object value) {
            requireKey(key);
            return value == null ? null : attributes.putIfAbsent(key, value);
        }

        @Override
        public Object removeAttribute(IoSession session, Object key) {
            requireKey(key);
            return attributes.remove(key);
        }

        @Override
        public boolean removeAttribute(IoSession session, Object key, Object value) {
            requireKey(key);
            return value != null && attributes.remove(key, value);
        }

        @Override
        public boolean replaceAttribute(IoSession session, Object key, Object oldValue, Object newValue) {
            if (key == null || oldValue == null || newValue == null) {
                return false; // MINA's map answers false where ConcurrentHashMap would throw
            }
            return attributes.replace(key, oldValue, newValue);
        }

        @Override
        public boolean containsAttribute(IoSession session, Object key) {
            return key != null && attributes.containsKey(key);
        }

        @Override
        public Set<Object> getAttributeKeys(IoSession session) {
            return new HashSet<>(attributes.keySet()); // a copy the caller may change, as MINA gives
        }

        @Override
        public void dispose(IoSession session) {
            // nothing to release
        }

        private static void requireKey(Object key) {
            if (key == null) {
                throw new IllegalArgumentException("key");
            }
        }
    }
}
