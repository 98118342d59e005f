package dev.tsserver.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import org.apache.mina.core.service.IoHandler;
import org.junit.jupiter.api.Test;

class ProtocolRegistryTest {

    @Test
    void builtInsAreAlwaysPresentInOrder() {
        ProtocolRegistry registry = ProtocolRegistry.of();
        assertEquals(List.of("ts", "echo", "discard", "daytime", "time"), List.copyOf(registry.names()));
    }

    @Test
    void discoverFindsAPlugInOnTheClassPath() {
        ProtocolRegistry registry = ProtocolRegistry.discover();
        assertTrue(registry.names().contains("reverse"), registry.names().toString());
        assertTrue(registry.get("reverse") instanceof ReverseProtocol);
    }

    @Test
    void discoverUsesTheClassLoaderItIsGiven() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            ProtocolRegistry registry = ProtocolRegistry.discover(empty);
            assertFalse(registry.names().contains("reverse"), "the plug-in is not visible from that loader");
            assertTrue(registry.names().contains("daytime"), "built-ins are there whatever the loader");
        }
    }

    @Test
    void unknownNameIsRefusedListingTheKnownOnes() {
        UnknownProtocolException e = assertThrows(UnknownProtocolException.class, () -> ProtocolRegistry.of().get("gopher"));
        assertEquals("unknown protocol 'gopher' (known: ts, echo, discard, daytime, time)", e.getMessage());
        assertEquals("protocol", e.setting());
    }

    @Test
    void twoProtocolsWithOneNameAreAnErrorNamingBothClasses() {
        ProtocolProvider impostor = new Named("echo");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProtocolRegistry.of(impostor));
        assertTrue(e.getMessage().contains("two protocols named 'echo'"), e.getMessage());
        assertTrue(e.getMessage().contains(EchoProtocol.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Named.class.getName()), e.getMessage());
    }

    @Test
    void unusableNameIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProtocolRegistry.of(new Named("Bad Name")));
        assertTrue(e.getMessage().contains("unusable name 'Bad Name'"), e.getMessage());
    }

    @Test
    void fixedFormatProtocolsIgnoreTheCodecAndEveryBuiltInRunsOnTheIoThreads() {
        ProtocolRegistry registry = ProtocolRegistry.of();
        assertTrue(registry.get("ts").usesCodec());
        assertTrue(registry.get("echo").usesCodec());
        assertFalse(registry.get("discard").usesCodec());
        assertFalse(registry.get("daytime").usesCodec());
        assertFalse(registry.get("time").usesCodec());
        for (String name : registry.names()) {
            assertTrue(registry.get(name).runsOnIoThreads(), name);
        }
    }

    @Test
    void timeValueIsSecondsSince1900Modulo2To32() {
        assertEquals(List.of((byte) 0x83, (byte) 0xaa, (byte) 0x7e, (byte) 0x80), bytes(TimeProtocol.bytes(0)));
        assertEquals(List.of((byte) 0x83, (byte) 0xaa, (byte) 0x7e, (byte) 0x81), bytes(TimeProtocol.bytes(1999)));
        long wrap = ((1L << 32) - TimeProtocol.SECONDS_1900_TO_1970) * 1000;
        assertEquals(List.of((byte) 0, (byte) 0, (byte) 0, (byte) 0), bytes(TimeProtocol.bytes(wrap)));
    }

    private static List<Byte> bytes(byte[] b) {
        return List.of(b[0], b[1], b[2], b[3]);
    }

    private static final class Named implements ProtocolProvider {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public IoHandler newHandler(ProtocolContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
