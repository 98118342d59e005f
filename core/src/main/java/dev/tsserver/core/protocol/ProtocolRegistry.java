package dev.tsserver.core.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The protocols available by name: the built-ins ({@code ts}, {@code echo}, {@code discard},
 * {@code daytime}, {@code time}), always present, plus every {@link ProtocolProvider} that
 * {@link ServiceLoader} finds through a given class loader. Two providers with one name are an
 * error naming both classes, not a silent pick.
 */
public final class ProtocolRegistry {

    private static final List<ProtocolProvider> BUILT_INS = List.of(new TimestampProtocol(), new EchoProtocol(),
            new DiscardProtocol(), new DaytimeProtocol(), new TimeProtocol());

    private final Map<String, ProtocolProvider> providers;

    private ProtocolRegistry(Map<String, ProtocolProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** The built-ins and the plug-ins visible from this library's class loader. */
    public static ProtocolRegistry discover() {
        return discover(ProtocolRegistry.class.getClassLoader());
    }

    /**
     * The built-ins and the plug-ins visible from {@code classLoader}.
     *
     * @throws IllegalStateException if two providers claim the same name, or one has an
     *                               unusable name
     */
    public static ProtocolRegistry discover(ClassLoader classLoader) {
        Map<String, ProtocolProvider> byName = builtIns();
        for (ProtocolProvider provider : ServiceLoader.load(ProtocolProvider.class, classLoader)) {
            checkName(provider);
            ProtocolProvider existing = byName.get(provider.name());
            if (existing == null) {
                byName.put(provider.name(), provider);
            } else if (existing.getClass() != provider.getClass()) {
                throw duplicateName(existing, provider);
            }
        }
        return new ProtocolRegistry(byName);
    }

    /** The built-ins plus exactly the given providers; for tests and explicit wiring. */
    public static ProtocolRegistry of(ProtocolProvider... extra) {
        Map<String, ProtocolProvider> byName = builtIns();
        for (ProtocolProvider provider : extra) {
            checkName(provider);
            ProtocolProvider existing = byName.putIfAbsent(provider.name(), provider);
            if (existing != null) {
                throw duplicateName(existing, provider);
            }
        }
        return new ProtocolRegistry(byName);
    }

    private static Map<String, ProtocolProvider> builtIns() {
        Map<String, ProtocolProvider> byName = new LinkedHashMap<>();
        for (ProtocolProvider builtIn : BUILT_INS) {
            byName.put(builtIn.name(), builtIn);
        }
        return byName;
    }

    /** A name users can type after {@code --protocol}. */
    private static void checkName(ProtocolProvider provider) {
        String name = provider.name();
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalStateException("protocol " + provider.getClass().getName() + " has an unusable name '"
                    + name + "': use lower case letters, digits, '.', '_' or '-'");
        }
    }

    /** Names both classes: the user has to find and remove one of two jars or registrations. */
    private static IllegalStateException duplicateName(ProtocolProvider existing, ProtocolProvider added) {
        return new IllegalStateException("two protocols named '" + added.name() + "': "
                + existing.getClass().getName() + " and " + added.getClass().getName());
    }

    /** Every name, built-ins first. */
    public Set<String> names() {
        return providers.keySet();
    }

    public Optional<ProtocolProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** @throws UnknownProtocolException naming the known protocols */
    public ProtocolProvider get(String name) {
        ProtocolProvider provider = providers.get(name);
        if (provider == null) {
            throw new UnknownProtocolException(name, providers.keySet());
        }
        return provider;
    }
}
