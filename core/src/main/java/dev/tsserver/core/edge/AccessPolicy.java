package dev.tsserver.core.edge;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Who may connect: an address is let in when it matches {@code allow} (or {@code allow} is
 * empty, meaning everyone) and matches nothing in {@code deny}. Deny wins over allow.
 */
public record AccessPolicy(List<Cidr> allow, List<Cidr> deny) {

    /** Everyone in, no one out: the default. */
    public static final AccessPolicy OPEN = new AccessPolicy(List.of(), List.of());

    public AccessPolicy {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** From the command line's comma-separated lists; null or blank means the default. */
    public static AccessPolicy parse(String allow, String deny) {
        return new AccessPolicy(allow == null ? List.of() : Cidr.parseList(allow),
                deny == null ? List.of() : Cidr.parseList(deny));
    }

    public boolean permits(InetAddress address) {
        for (Cidr block : deny) {
            if (block.contains(address)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Cidr block : allow) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }

    @Override
    public String toString() {
        return "allow=" + (allow.isEmpty() ? "everyone" : join(allow)) + " deny=" + (deny.isEmpty() ? "no one" : join(deny));
    }

    private static String join(List<Cidr> blocks) {
        return blocks.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }
}
