package dev.tsserver.codec.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.length.LengthFieldCodecProvider;
import dev.tsserver.codec.line.LineCodecFactory;
import dev.tsserver.codec.line.LineCodecProvider;
import dev.tsserver.codec.line.LineFrameEncoder;

import dev.tsserver.codec.raw.RawCodecProvider;
import dev.tsserver.codec.testplugin.NetstringCodecProvider;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class CodecRegistryTest {

    @TempDir
    Path servicesRoot;

    /** A class loader that sees this test's classes plus a services file listing {@code providers}. */
    private URLClassLoader loaderListing(Class<?>... providers) throws IOException {
        Path services = servicesRoot.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder lines = new StringBuilder();
        for (Class<?> provider : providers) {
            lines.append(provider.getName()).append('\n');
        }
        Files.writeString(services.resolve(FramingCodecProvider.class.getName()), lines);
        return new URLClassLoader(new URL[] {servicesRoot.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void discoversBuiltInsFirstThenThePluginFromTestResources() {
        CodecRegistry registry = CodecRegistry.discover();
        assertEquals(List.of("line", "length", "raw", "netstring"), List.copyOf(registry.names()));
        assertInstanceOf(NetstringCodecProvider.class, registry.get("netstring"));
        assertInstanceOf(LineCodecProvider.class, registry.get("line"));
        assertInstanceOf(LengthFieldCodecProvider.class, registry.get("length"));
        assertInstanceOf(RawCodecProvider.class, registry.get("raw"));
    }

    @Test
    void builtInsArePresentEvenWithAnEmptyClassLoader() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertEquals(List.of("line", "length", "raw"), List.copyOf(CodecRegistry.discover(empty).names()));
        }
    }

    @Test
    void twoPluginsWithOneNameAreRejectedNamingBothClasses() throws IOException {
        try (URLClassLoader loader = loaderListing(SameNameProviders.TwinA.class, SameNameProviders.TwinB.class)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> CodecRegistry.discover(loader));
            assertTrue(error.getMessage().contains("'twin'"), error.getMessage());
            assertTrue(error.getMessage().contains(SameNameProviders.TwinA.class.getName()), error.getMessage());
            assertTrue(error.getMessage().contains(SameNameProviders.TwinB.class.getName()), error.getMessage());
        }
    }

    @Test
    void aPluginCannotTakeABuiltInName() throws IOException {
        try (URLClassLoader loader = loaderListing(SameNameProviders.ImpostorLine.class)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> CodecRegistry.discover(loader));
            assertTrue(error.getMessage().contains(LineCodecProvider.class.getName()), error.getMessage());
            assertTrue(error.getMessage().contains(SameNameProviders.ImpostorLine.class.getName()), error.getMessage());
        }
    }

    @Test
    void aProviderListedTwiceIsNotAClash() throws IOException {
        // The built-ins are also in this module's own services file; a jar found twice on the
        // class path lists its provider twice. Neither is a conflict.
        try (URLClassLoader loader = loaderListing(NetstringCodecProvider.class, RawCodecProvider.class)) {
            assertEquals(List.of("line", "length", "raw", "netstring"),
                    List.copyOf(CodecRegistry.discover(loader).names()));
        }
    }

    @Test
    void unknownNameListsTheKnownNames() {
        UnknownCodecException error =
                assertThrows(UnknownCodecException.class, () -> CodecRegistry.discover().get("xml"));
        assertEquals("unknown codec 'xml' (known: line, length, raw, netstring)", error.getMessage());
        assertEquals("xml", error.codecName());
        assertInstanceOf(IllegalArgumentException.class, error, "a bad --codec value is a bad argument");
        assertThrows(UnknownCodecException.class,
                () -> CodecRegistry.discover().newCodecFactory("LINE", CodecSettings.defaults()));
        assertEquals(Optional.empty(), CodecRegistry.discover().find("xml"));
    }

    @Test
    void buildsAGuardedFactoryByName() throws Exception {
        ProtocolCodecFactory factory = CodecRegistry.discover().newCodecFactory("line", CodecSettings.defaults());
        assertInstanceOf(GuardedCodecFactory.class, factory);
        assertInstanceOf(LineFrameEncoder.class, factory.getEncoder(new DummySession()),
                "a built-in encoder takes EncodablePayload itself, unwrapped");
    }

    @Test
    void namesCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> CodecRegistry.discover().names().remove("line"));
    }

    @Test
    void explicitRegistryAddsProvidersAndRejectsClashesNamingBothClasses() {
        CodecRegistry registry = CodecRegistry.of(new NetstringCodecProvider());
        assertEquals(List.of("line", "length", "raw", "netstring"), List.copyOf(registry.names()));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> CodecRegistry.of(new SameNameProviders.TwinA(), new SameNameProviders.TwinB()));
        assertTrue(error.getMessage().contains(SameNameProviders.TwinA.class.getName()), error.getMessage());
        assertTrue(error.getMessage().contains(SameNameProviders.TwinB.class.getName()), error.getMessage());
        assertThrows(IllegalStateException.class, () -> CodecRegistry.of(new SameNameProviders.ImpostorLine()));
    }

    @Test
    void aNameNobodyCouldTypeAfterDashDashCodecIsRefused() {
        FramingCodecProvider spaced = new FramingCodecProvider() {
            @Override
            public String name() {
                return "My Codec";
            }

            @Override
            public String description() {
                return "unusable name";
            }

            @Override
            public org.apache.mina.filter.codec.ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
                return new LineCodecFactory(settings.maxFrame());
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CodecRegistry.of(spaced));
        assertTrue(e.getMessage().contains("'My Codec'"), e.getMessage());
    }
}
