package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DatagramReceiveBufferTest {

    @Test
    void aListenersOwnSizeWinsOverTheDefault() {
        assertEquals(4096, DatagramReceiveBuffer.forListener(4096, DatagramReceiveBuffer.DEFAULT_BYTES));
        assertEquals(4096, DatagramReceiveBuffer.forListener(4096, 0));
    }

    @Test
    void withoutOneTheDefaultApplies() {
        assertEquals(DatagramReceiveBuffer.DEFAULT_BYTES,
                DatagramReceiveBuffer.forListener(0, DatagramReceiveBuffer.DEFAULT_BYTES));
    }

    @Test
    void zeroAsTheDefaultKeepsTheSystems() {
        assertEquals(0, DatagramReceiveBuffer.forListener(0, 0));
    }

    @Test
    void thePropertyReadsASizeOrFallsBackToTheDefault() {
        assertEquals(DatagramReceiveBuffer.DEFAULT_BYTES, DatagramReceiveBuffer.parse(null));
        assertEquals(DatagramReceiveBuffer.DEFAULT_BYTES, DatagramReceiveBuffer.parse(" "));
        assertEquals(0, DatagramReceiveBuffer.parse("0"));
        assertEquals(65536, DatagramReceiveBuffer.parse(" 65536 "));
        assertEquals(DatagramReceiveBuffer.DEFAULT_BYTES, DatagramReceiveBuffer.parse("-1"));
        assertEquals(DatagramReceiveBuffer.DEFAULT_BYTES, DatagramReceiveBuffer.parse("1m"));
    }
}
