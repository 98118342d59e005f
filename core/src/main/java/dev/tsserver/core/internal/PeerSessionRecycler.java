package dev.tsserver.core.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionRecycler;

/**
 * The UDP listener's table of peer sessions: what {@code NioDatagramAcceptor} asks, for every
 * datagram, to find the session of the datagram's source. A replacement for MINA's
 * {@code ExpiringSessionRecycler}, which keys its map on a string built per lookup
 * ({@code remoteAddress + ":" + port}: formatting the IP address, concatenating, hashing) and
 * takes a write lock per lookup to stamp the access time, and runs one expiry thread per
 * recycler. Here the key is the source address object itself (the JDK hands back the same
 * {@code InetSocketAddress} instance for consecutive datagrams from one source), the stamp is a
 * plain field write, and expiry is a sweep the lookups run themselves at most once per
 * {@code sweepIntervalMillis}, on the I/O thread, closing the sessions idle for longer than
 * the time to live. A session idle past its time to live is never handed out again, swept or
 * not: MINA then makes a new one, as it does after MINA's recycler expired the old one.
 *
 * <p>In {@code udp-1c-1cpu} MINA's recycler was about 5% of the server's CPU samples
 * (docs/perf/tuning/udp-recycler.md). Switched off (MINA's recycler back) with
 * {@code -Dtsserver.udp.peerRecycler=false}.
 *
 * <p>Thread safety: MINA calls {@link #recycle} and {@link #put} from its I/O thread under a lock
 * on this object, and {@link #remove} from whichever thread closes a session; the map is
 * concurrent, and the access stamp is only written and read by lookups and sweeps, which run there.
 */
public final class PeerSessionRecycler implements IoSessionRecycler {

    /** Whether UDP listeners use this recycler rather than MINA's (for comparison runs). */
    public static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("tsserver.udp.peerRecycler", "true"));

    private final long timeToLiveMillis;
    private final long sweepIntervalMillis;
    private final LongSupplier clock;
    /** One table per local port: an acceptor bound to one address has exactly one. */
    private final List<PortTable> tables = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long nextSweepMillis;

    /** Sessions idle for {@code timeToLiveSeconds} are closed; swept once a second. */
    public PeerSessionRecycler(int timeToLiveSeconds) {
        this(timeToLiveSeconds * 1000L, 1000L, System::currentTimeMillis);
    }

    PeerSessionRecycler(long timeToLiveMillis, long sweepIntervalMillis, LongSupplier clock) {
        if (timeToLiveMillis < 1 || sweepIntervalMillis < 1) {
            throw new IllegalArgumentException("time to live and sweep interval must be positive");
        }
        this.timeToLiveMillis = timeToLiveMillis;
        this.sweepIntervalMillis = sweepIntervalMillis;
        this.clock = clock;
        this.nextSweepMillis = clock.getAsLong() + sweepIntervalMillis;
    }

    @Override
    public void put(IoSession session) {
        SocketAddress remote = session.getRemoteAddress();
        if (remote == null) {
            return;
        }
        table(localPort(session), true).peers.putIfAbsent(remote, new Peer(session, clock.getAsLong()));
    }

    @Override
    public IoSession recycle(SocketAddress remoteAddress, int localPort) {
        long now = clock.getAsLong();
        if (now >= nextSweepMillis) {
            sweep(now);
        }
        PortTable table = table(localPort, false);
        if (table == null) {
            return null;
        }
        Peer peer = table.peers.get(remoteAddress);
        if (peer == null) {
            return null;
        }
        if (now - peer.lastAccessMillis > timeToLiveMillis) {
            expire(table, remoteAddress, peer);
            return null;
        }
        peer.lastAccessMillis = now;
        return peer.session;
    }

    @Override
    public void remove(IoSession session) {
        SocketAddress remote = session.getRemoteAddress();
        PortTable table = table(localPort(session), false);
        if (remote != null && table != null) {
            // Only this session's entry: a new session of the same peer may have replaced it.
            Peer peer = table.peers.get(remote);
            if (peer != null && peer.session == session) {
                table.peers.remove(remote, peer);
            }
        }
    }

    /** Sessions in the table now, every local port together. */
    public int size() {
        int size = 0;
        for (PortTable table : tables) {
            size += table.peers.size();
        }
        return size;
    }

    /** Closes and forgets every session idle for longer than the time to live. */
    void sweep(long now) {
        nextSweepMillis = now + sweepIntervalMillis;
        for (PortTable table : tables) {
            List<Map.Entry<SocketAddress, Peer>> expired = new ArrayList<>();
            for (Map.Entry<SocketAddress, Peer> entry : table.peers.entrySet()) {
                if (now - entry.getValue().lastAccessMillis > timeToLiveMillis) {
                    expired.add(entry);
                }
            }
            // Closed outside the iteration: closing calls back into remove().
            for (Map.Entry<SocketAddress, Peer> entry : expired) {
                expire(table, entry.getKey(), entry.getValue());
            }
        }
    }

    private static void expire(PortTable table, SocketAddress remote, Peer peer) {
        if (table.peers.remove(remote, peer)) {
            peer.session.closeNow();
        }
    }

    private PortTable table(int localPort, boolean create) {
        // By index, not for-each: this runs per datagram, and a CopyOnWriteArrayList iterator was
        // an allocation per datagram (JFR); tables are only ever added, so an index stays valid.
        for (int i = 0; i < tables.size(); i++) {
            PortTable table = tables.get(i);
            if (table.port == localPort) {
                return table;
            }
        }
        if (!create) {
            return null;
        }
        synchronized (tables) {
            for (PortTable table : tables) {
                if (table.port == localPort) {
                    return table;
                }
            }
            PortTable table = new PortTable(localPort);
            tables.add(table);
            return table;
        }
    }

    private static int localPort(IoSession session) {
        return session.getLocalAddress() instanceof InetSocketAddress local ? local.getPort() : -1;
    }

    private static final class PortTable {
        final int port;
        final Map<SocketAddress, Peer> peers = new ConcurrentHashMap<>();

        PortTable(int port) {
            this.port = port;
        }
    }

    private static final class Peer {
        final IoSession session;
        /** Written and read by the I/O thread (lookups and sweeps run there); a plain field. */
        long lastAccessMillis;

        Peer(IoSession session, long lastAccessMillis) {
            this.session = session;
            this.lastAccessMillis = lastAccessMillis;
        }
    }
}
