package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void openPolicyLetsEveryoneIn() throws Exception {
        assertTrue(AccessPolicy.OPEN.permits(ip("203.0.113.1")));
        assertTrue(AccessPolicy.OPEN.isOpen());
    }

    @Test
    void allowListLetsOnlyItsBlocksIn() throws Exception {
        AccessPolicy policy = AccessPolicy.parse("10.0.0.0/8,::1", null);
        assertTrue(policy.permits(ip("10.3.2.1")));
        assertTrue(policy.permits(ip("::1")));
        assertFalse(policy.permits(ip("192.0.2.1")));
    }

    @Test
    void denyWinsOverAllow() throws Exception {
        AccessPolicy policy = AccessPolicy.parse("10.0.0.0/8", "10.0.0.5");
        assertFalse(policy.permits(ip("10.0.0.5")));
        assertTrue(policy.permits(ip("10.0.0.6")));
    }

    @Test
    void denyAloneRefusesOnlyItsBlocks() throws Exception {
        AccessPolicy policy = AccessPolicy.parse(null, "127.0.0.2/32");
        assertFalse(policy.permits(ip("127.0.0.2")));
        assertTrue(policy.permits(ip("127.0.0.1")));
    }
}
