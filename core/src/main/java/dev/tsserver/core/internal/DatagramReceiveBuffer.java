package dev.tsserver.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket receive buffer (SO_RCVBUF) a listener asks for when its settings name none.
 * MINA leaves a datagram channel with the system's default (Linux: {@code net.core.rmem_default},
 * 208 KiB), and the kernel drops every datagram that arrives while that queue is full. On loopback
 * a small datagram costs about a kilobyte of that queue (the kernel counts its buffer, not its
 * payload), so 208 KiB holds only ~200 of them: in {@code udp-50c} (50 sockets, 16 datagrams
 * each in flight) a short stall of the single UDP thread overflowed it and the lost datagrams
 * were a few percent of all. A listener now asks for {@link #DEFAULT_BYTES} (the kernel clamps a
 * request to {@code net.core.rmem_max} and doubles it), so a burst of in-flight datagrams waits
 * in the queue instead of being dropped; memory is used only while datagrams wait.
 *
 * <p>A size given in the listener's settings ({@code udpReceiveBufferSize}) always wins.
 * {@code -Dtsserver.udp.receiveBuffer=BYTES} changes the default; {@code 0} keeps the system's
 * (MINA's behaviour, for comparison runs). Figures: docs/perf/tuning/udp-receive-buffer.md.
 */
public final class DatagramReceiveBuffer {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramReceiveBuffer.class);

    /** 1 MiB: room for a couple of thousand small datagrams, well over a benchmark's 800 in flight. */
    public static final int DEFAULT_BYTES = 1 << 20;

    static final String PROPERTY = "tsserver.udp.receiveBuffer";

    private static final int FALLBACK = parse(System.getProperty(PROPERTY));

    private DatagramReceiveBuffer() {
    }

    /**
     * The SO_RCVBUF to ask for, or 0 to leave the system's default.
     *
     * @param configured the listener's own setting (0 = none)
     */
    public static int forListener(int configured) {
        return forListener(configured, FALLBACK);
    }

    static int forListener(int configured, int fallback) {
        return configured > 0 ? configured : fallback;
    }

    /** The property's value: {@link #DEFAULT_BYTES} when absent, the default (logged) when not a size. */
    static int parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BYTES;
        }
        try {
            int bytes = Integer.parseInt(value.trim());
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("ignoring -D{}={}: not a size in bytes (0 keeps the system's); using {}", PROPERTY, value,
                DEFAULT_BYTES);
        return DEFAULT_BYTES;
    }
}
