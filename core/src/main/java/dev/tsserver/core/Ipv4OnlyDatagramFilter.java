package dev.tsserver.core;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;

/**
 * Keeps a UDP listener bound to an IPv4 address IPv4-only. MINA opens datagram channels in the
 * JDK's default family (IPv6 where available), and the JDK binds such a channel given
 * {@code 0.0.0.0} to the dual-stack wildcard {@code ::}, which also receives from IPv6 peers.
 * Their datagrams are dropped here, unanswered, and their session closed. (IPv4 peers reach a
 * dual-stack socket as IPv4-mapped addresses, which the JDK reports as IPv4.) TCP needs no such
 * filter: its channel is opened IPv4-only (see {@link SingleFamilyAcceptors}).
 */
final class Ipv4OnlyDatagramFilter extends IoFilterAdapter {

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (session.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() instanceof Inet6Address) {
            session.closeNow();
            return;
        }
        nextFilter.messageReceived(session, message);
    }
}
