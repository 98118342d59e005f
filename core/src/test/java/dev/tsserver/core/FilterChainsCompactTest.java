package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import dev.tsserver.core.chain.ReplyMemoryBudget;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.filter.codec.textline.TextLineCodecFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream chain's entries with the compact chain on (the default) and switched off. */
class FilterChainsCompactTest {

    @AfterEach
    void clearSwitch() {
        System.clearProperty(FilterChains.COMPACT_CHAIN_PROPERTY);
    }

    private static List<String> names() {
        ServerStats stats = new ServerStats();
        ListenerSettings settings = ListenerSettings.builder().frameTimeout(java.time.Duration.ZERO).build();
        DefaultIoFilterChainBuilder chain = FilterChains.stream(settings, new TextLineCodecFactory(), null, stats,
                stats.listener("test"), true, new ReplyMemoryBudget(1 << 20), true);
        return chain.getAll().stream().map(IoFilterChain.Entry::getName).toList();
    }

    @Test
    void byDefaultTheStatelessFiltersShareTwoEntries() {
        assertEquals(List.of(FilterChains.SOCKET_SIDE, FilterChains.BACKPRESSURE, FilterChains.REPLY_BATCH,
                FilterChains.CODEC, FilterChains.HANDLER_SIDE), names());
    }

    @Test
    void switchedOffEachFilterHasItsOwnEntryInTheSameOrder() {
        System.setProperty(FilterChains.COMPACT_CHAIN_PROPERTY, "false");
        assertEquals(List.of(FilterChains.TRAFFIC, FilterChains.CONNECTION_LIMIT, FilterChains.LOGGING,
                FilterChains.IDLE, FilterChains.DRAIN_REQUEST, FilterChains.BACKPRESSURE, FilterChains.REPLY_BATCH,
                FilterChains.CODEC, FilterChains.ERRORS, FilterChains.DRAIN_COMPLETE, FilterChains.REPLIES), names());
    }
}
