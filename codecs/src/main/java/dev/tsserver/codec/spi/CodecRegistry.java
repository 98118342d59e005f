package dev.tsserver.codec.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.length.LengthFieldCodecProvider;
import dev.tsserver.codec.line.LineCodecProvider;
import dev.tsserver.codec.raw.RawCodecProvider;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/**
 * The framing codecs available by name: the built-ins, always present, plus every
 * {@link FramingCodecProvider} that {@link ServiceLoader} finds through a given class loader.
 * Two providers with one name are an error, not a silent pick.
 */
public final class CodecRegistry {

    private static final List<FramingCodecProvider> BUILT_INS =
            List.of(new LineCodecProvider(), new LengthFieldCodecProvider(), new RawCodecProvider());

    private final Map<String, FramingCodecProvider> providers;

    private CodecRegistry(Map<String, FramingCodecProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** The built-ins and the plug-ins visible from this library's class loader. */
    public static CodecRegistry discover() {
        return discover(CodecRegistry.class.getClassLoader());
    }

    /**
     * The built-ins and the plug-ins visible from {@code classLoader}.
     *
     * @throws IllegalStateException if two providers claim the same name
     */
    public static CodecRegistry discover(ClassLoader classLoader) {
        Map<String, FramingCodecProvider> byName = new LinkedHashMap<>();
        for (FramingCodecProvider builtIn : BUILT_INS) {
            byName.put(builtIn.name(), builtIn);
        }
        for (FramingCodecProvider provider : ServiceLoader.load(FramingCodecProvider.class, classLoader)) {
            checkName(provider);
            FramingCodecProvider existing = byName.get(provider.name());
            if (existing == null) {
                byName.put(provider.name(), provider);
            } else if (existing.getClass() != provider.getClass()) {
                throw duplicateName(existing, provider);
            }
        }
        return new CodecRegistry(byName);
    }

    /** Only the given providers (plus the built-ins); for tests and explicit wiring. */
    public static CodecRegistry of(FramingCodecProvider... extra) {
        Map<String, FramingCodecProvider> byName = new LinkedHashMap<>();
        for (FramingCodecProvider builtIn : BUILT_INS) {
            byName.put(builtIn.name(), builtIn);
        }
        for (FramingCodecProvider provider : extra) {
            checkName(provider);
            FramingCodecProvider existing = byName.putIfAbsent(provider.name(), provider);
            if (existing != null) {
                throw duplicateName(existing, provider);
            }
        }
        return new CodecRegistry(byName);
    }

    /** Names both classes: the user has to find and remove one of two jars or registrations. */
    /** A name users can type after {@code --codec}: lower case letters, digits, '.', '_', '-'. */
    private static void checkName(FramingCodecProvider provider) {
        String name = provider.name();
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalStateException("codec " + provider.getClass().getName() + " has an unusable name '"
                    + name + "': use lower case letters, digits, '.', '_' or '-'");
        }
    }

    private static IllegalStateException duplicateName(FramingCodecProvider existing, FramingCodecProvider added) {
        return new IllegalStateException("two codecs named '" + added.name() + "': "
                + existing.getClass().getName() + " and " + added.getClass().getName());
    }

    public Set<String> names() {
        return providers.keySet();
    }

    public Optional<FramingCodecProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public FramingCodecProvider get(String name) {
        FramingCodecProvider provider = providers.get(name);
        if (provider == null) {
            throw new UnknownCodecException(name, providers.keySet());
        }
        return provider;
    }

    /**
     * A codec factory for {@code name}, with the codec contract enforced around it
     * ({@link GuardedCodecFactory}): a decoder that makes no progress or emits anything but
     * {@code byte[]} fails its connection instead of spinning an I/O thread, and an encoder
     * receives only the message types it declares.
     */
    public ProtocolCodecFactory newCodecFactory(String name, CodecSettings settings) {
        return GuardedCodecFactory.guard(name, get(name).newCodecFactory(settings));
    }
}
