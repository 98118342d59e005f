package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7, item 1, the root of the slow-reader latency: a peer that sends requests and never
 * reads must cost the server a bounded amount of work, not as many replies as the kernel will
 * take. With the kernel's send-buffer autotuning (up to 4 MiB on Linux) such a peer absorbed
 * about a megabyte of replies before it looked slow, and 1,000 of them kept the I/O threads
 * producing replies for seconds while a polite client waited. Replies the server produces for a
 * connection are counted when they enter its write queue, so what is produced is what the kernel
 * took plus what waits in the heap; both are bounded now.
 */
@Timeout(120)
class NonReadingPeerWorkIntegrationTest {

    private static final int PEERS = 3;
    private static final int HIGH_WATER = 32 * 1024;
    private static final long FLOOD_BYTES_PER_PEER = 4L << 20;

    @Test
    void aPeerThatNeverReadsCostsAtMostItsSendBufferAndOneQueue() throws Exception {
        try (TsServer server = Servers.loopback().writeWaterMarks(HIGH_WATER / 4, HIGH_WATER).start()) {
            // Per peer: the kernel's share (Linux doubles SO_SNDBUF for its bookkeeping), the
            // peer's own receive buffer (4 KiB asked, doubled), the connection's write queue up to
            // its high water mark, and one more step of replies; then the same again as slack.
            long perPeer = 2 * (2L * TsServerConfig.DEFAULT_TCP_SEND_BUFFER + 2 * 4096 + HIGH_WATER + 8 * 1024);
            long produced = floodUntilQuiet(server, 4 * PEERS * perPeer);
            System.out.printf("non-reading peers: %d replied bytes for %d peers (bound %d)%n",
                    produced, PEERS, PEERS * perPeer);
            assertTrue(produced <= PEERS * perPeer,
                    "the server produced " + produced + " reply bytes for " + PEERS
                            + " peers that never read; bound " + PEERS * perPeer);
        }
    }

    /**
     * Each peer offers {@link #FLOOD_BYTES_PER_PEER} of empty lines (each one a request) and
     * reads nothing; returns the reply bytes the server produced once that stopped growing.
     * Stops early once production passes {@code tooMuch}, so the test stays short either way.
     */
    private static long floodUntilQuiet(TsServer server, long tooMuch) throws Exception {
        List<SocketChannel> peers = new ArrayList<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        try {
            for (int i = 0; i < PEERS; i++) {
                SocketChannel peer = SocketChannel.open();
                peer.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                peer.connect(server.tcpAddress());
                peer.configureBlocking(false);
                peers.add(peer);
            }
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> flood(peers, flooding));
            long last = -1;
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                long now = server.stats().bytesSent();
                if (now > tooMuch) {
                    return now;
                }
                if (now != last) {
                    last = now;
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(2) && now > 0) {
                    break; // nothing produced for 2 s while the peers still offer requests: it stopped
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            flooding.set(false);
            flood.get(30, TimeUnit.SECONDS);
            return server.stats().bytesSent();
        } finally {
            flooding.set(false);
            for (SocketChannel peer : peers) {
                peer.close();
            }
        }
    }

    private static void flood(List<SocketChannel> peers, AtomicBoolean flooding) {
        ByteBuffer emptyLines = ByteBuffer.allocate(64 * 1024);
        long[] offered = new long[peers.size()];
        try {
            while (flooding.get()) {
                boolean any = false;
                for (int i = 0; i < peers.size(); i++) {
                    if (offered[i] >= FLOOD_BYTES_PER_PEER) {
                        continue;
                    }
                    emptyLines.clear();
                    while (emptyLines.hasRemaining()) {
                        emptyLines.put((byte) '\n');
                    }
                    emptyLines.flip();
                    offered[i] += peers.get(i).write(emptyLines);
                    any = true;
                }
                if (!any) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } catch (IOException e) {
            throw new RuntimeException("a peer was closed: " + e, e);
        }
    }
}
