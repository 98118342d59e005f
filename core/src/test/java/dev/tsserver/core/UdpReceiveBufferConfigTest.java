package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UdpReceiveBufferConfigTest {

    @Test
    void systemDefaultUnlessAsked() {
        assertEquals(0, TsServerConfig.builder().build().udpReceiveBufferSize());
    }

    @Test
    void negativeSizeIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TsServerConfig.builder().udpReceiveBufferSize(-1).build());
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void toBuilderKeepsTheSize() {
        TsServerConfig config = TsServerConfig.builder().udpReceiveBufferSize(4096).build();
        assertEquals(4096, config.toBuilder().build().udpReceiveBufferSize());
    }
}
