package dev.tsserver.codec.testkit;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/**
 * How many buffer bytes a session holds on to between reads: the capacity of every
 * {@code byte[]}, {@link ByteBuffer} and {@link IoBuffer} reachable from the session's
 * attributes, where a decoder keeps its per-session state (a {@code SessionDecoders} decoder,
 * {@code CumulativeProtocolDecoder}'s accumulation buffer, ...).
 *
 * <p>A reflective walk, so it measures any codec without its cooperation. It does not follow
 * references into the session, the filter chain, handlers, services, codec factories or loggers
 * (shared, not per-session), and looks into JDK objects only through public APIs (collections,
 * maps, buffers). Capacity, not content: what the heap pays for.
 */
public final class RetainedBytes {

    private static final int MAX_OBJECTS = 100_000;

    private RetainedBytes() {
    }

    /** Buffer bytes reachable from the session's attributes. */
    public static long of(IoSession session) {
        Deque<Object> pending = new ArrayDeque<>();
        for (Object key : session.getAttributeKeys()) {
            Object value = session.getAttribute(key);
            if (value != null) {
                pending.push(value);
            }
        }
        return walk(pending);
    }

    /** Buffer bytes reachable from {@code root}. */
    public static long of(Object root) {
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        return walk(pending);
    }

    private static long walk(Deque<Object> pending) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes = 0;
        while (!pending.isEmpty() && seen.size() < MAX_OBJECTS) {
            Object object = pending.pop();
            if (object == null || !seen.add(object) || isShared(object)) {
                continue;
            }
            if (object instanceof byte[] array) {
                bytes += array.length;
            } else if (object instanceof IoBuffer buffer) {
                bytes += buffer.capacity();
            } else if (object instanceof ByteBuffer buffer) {
                bytes += buffer.capacity();
            } else if (object.getClass().isArray()) {
                if (!object.getClass().getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(object); i++) {
                        pending.push(nullSafe(Array.get(object, i)));
                    }
                }
            } else if (object instanceof Collection<?> collection) {
                collection.forEach(element -> pending.push(nullSafe(element)));
            } else if (object instanceof Map<?, ?> map) {
                map.forEach((key, value) -> {
                    pending.push(nullSafe(key));
                    pending.push(nullSafe(value));
                });
            } else if (!isJdk(object.getClass())) {
                pushFields(object, pending);
            }
        }
        return bytes;
    }

    private static Object nullSafe(Object object) {
        return object == null ? Boolean.FALSE : object;
    }

    private static void pushFields(Object object, Deque<Object> pending) {
        for (Class<?> type = object.getClass(); type != null && !isJdk(type); type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(object);
                    if (value != null) {
                        pending.push(value);
                    }
                } catch (InaccessibleObjectException | IllegalAccessException notOpen) {
                    // A class in a named module that does not open its package: not measurable.
                }
            }
        }
    }

    private static boolean isShared(Object object) {
        return object instanceof IoSession || object instanceof IoFilterChain || object instanceof IoFilter
                || object instanceof IoHandler || object instanceof IoService || object instanceof IoProcessor
                || object instanceof ProtocolCodecFactory || object instanceof org.slf4j.Logger
                || object instanceof Class<?> || object instanceof ClassLoader || object instanceof Thread;
    }

    private static boolean isJdk(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }
}
