package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.junit.jupiter.api.Test;

class EdgeChainsTest {

    @Test
    void openUdpOnANonLoopbackAddressWarnsOnceAndLoopbackOrALimitDoesNot() throws Exception {
        try (LogCapture log = new LogCapture(EdgeChains.class.getName(), Level.WARN)) {
            EdgeChains.warnIfOpenUdp(InetAddress.getByName("0.0.0.0"), EdgeSettings.NONE);
            EdgeChains.warnIfOpenUdp(InetAddress.getByName("127.0.0.1"), EdgeSettings.NONE);
            EdgeChains.warnIfOpenUdp(InetAddress.getByName("::1"), EdgeSettings.NONE);
            EdgeChains.warnIfOpenUdp(InetAddress.getByName("0.0.0.0"), EdgeSettings.NONE.withUdpRatePerSource(10));
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).contains("--udp-rate-per-source"), log.lines().get(0));
        }
    }

    @Test
    void nothingIsAddedWhenEverythingIsOff() {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        EdgeChains.stream(chain, EdgeSettings.NONE, new EdgeStats(), null);
        assertTrue(chain.getAll().isEmpty(), chain.toString());
    }

    @Test
    void streamOrderPutsTheProxyHeaderFirstAndAccessBeforeLimits() {
        DefaultIoFilterChainBuilder chain = new DefaultIoFilterChainBuilder();
        chain.addLast("codec", new org.apache.mina.core.filterchain.IoFilterAdapter());
        EdgeSettings edge = EdgeSettings.NONE.withAccess(AccessPolicy.parse(null, "10.0.0.1"))
                .withMaxConnectionsPerSource(3)
                .withProxyProtocol(ProxyProtocolSettings.of(ProxyProtocolSettings.Mode.ANY));
        EdgeChains.stream(chain, edge, new EdgeStats(), null);
        List<String> names = chain.getAll().stream().map(IoFilterChain.Entry::getName).toList();
        assertEquals(List.of(EdgeChains.PROXY_PROTOCOL, EdgeChains.ACCESS, EdgeChains.PER_SOURCE_LIMIT, "codec"), names);
    }
}
