package dev.tsserver.core.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;

import org.apache.mina.core.RuntimeIoException;
import org.apache.mina.core.filterchain.DefaultIoFilterChain;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.transport.socket.AbstractDatagramSessionConfig;
import org.apache.mina.transport.socket.DatagramSessionConfig;

/**
 * The session of one UDP peer on a {@link BatchReadingDatagramAcceptor}: what MINA's
 * {@code NioDatagramSession} is to its {@code NioDatagramAcceptor}, built on MINA's public
 * {@link AbstractIoSession} (the filter chain, attributes, write queue, idle and traffic counters
 * all MINA's own).
 *
 * <p>Why a class of our own: MINA's {@code NioDatagramSession} is package-private with a
 * package-private constructor, and its public parent {@code NioSession} cannot stand in for it,
 * since {@code NioSession.isActive()} is final and reads a selection key that only MINA's package
 * can set. Constructing MINA's class by reflection, or putting a class into MINA's package, would
 * tie the server to MINA's private layout; this class uses only MINA's public API. It answers as
 * MINA's does: the same transport metadata, the bound channel's local address, the peer's
 * address, and a session config that reads and writes the shared channel's socket options,
 * initialised from the acceptor's config when the session is made.
 */
final class DatagramPeerSession extends AbstractIoSession {

    private final BatchReadingDatagramAcceptor acceptor;
    private final BatchReadingDatagramAcceptor.BoundChannel bound;
    private final InetSocketAddress remoteAddress;
    private final IoFilterChain filterChain;

    DatagramPeerSession(BatchReadingDatagramAcceptor acceptor, BatchReadingDatagramAcceptor.BoundChannel bound,
                        InetSocketAddress remoteAddress) {
        super(acceptor);
        this.acceptor = acceptor;
        this.bound = bound;
        this.remoteAddress = remoteAddress;
        this.filterChain = new DefaultIoFilterChain(this);
        this.config = new ChannelConfig(bound.channel);
        this.config.setAll(acceptor.getSessionConfig());
    }

    BatchReadingDatagramAcceptor.BoundChannel bound() {
        return bound;
    }

    @SuppressWarnings("rawtypes")
    @Override
    public IoProcessor getProcessor() {
        return acceptor;
    }

    @Override
    public IoFilterChain getFilterChain() {
        return filterChain;
    }

    @Override
    public DatagramSessionConfig getConfig() {
        return (DatagramSessionConfig) config;
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return BatchReadingDatagramAcceptor.METADATA;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return bound.localAddress;
    }

    @Override
    public InetSocketAddress getServiceAddress() {
        return (InetSocketAddress) super.getServiceAddress();
    }

    /** Whether the listener's channel is still registered (MINA's: its selection key is valid). */
    @Override
    public boolean isActive() {
        return bound.key.isValid();
    }

    /** A datagram session's options, read from and written to the listener's channel. */
    static final class ChannelConfig extends AbstractDatagramSessionConfig {
        private final DatagramChannel channel;

        ChannelConfig(DatagramChannel channel) {
            this.channel = channel;
        }

        private <T> T get(SocketOption<T> option) {
            try {
                return channel.getOption(option);
            } catch (IOException e) {
                throw new RuntimeIoException(e);
            }
        }

        private <T> void set(SocketOption<T> option, T value) {
            try {
                channel.setOption(option, value);
            } catch (IOException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public int getReceiveBufferSize() {
            return get(StandardSocketOptions.SO_RCVBUF);
        }

        @Override
        public void setReceiveBufferSize(int receiveBufferSize) {
            set(StandardSocketOptions.SO_RCVBUF, receiveBufferSize);
        }

        @Override
        public int getSendBufferSize() {
            return get(StandardSocketOptions.SO_SNDBUF);
        }

        @Override
        public void setSendBufferSize(int sendBufferSize) {
            set(StandardSocketOptions.SO_SNDBUF, sendBufferSize);
        }

        @Override
        public boolean isBroadcast() {
            return get(StandardSocketOptions.SO_BROADCAST);
        }

        @Override
        public void setBroadcast(boolean broadcast) {
            set(StandardSocketOptions.SO_BROADCAST, broadcast);
        }

        @Override
        public boolean isReuseAddress() {
            return get(StandardSocketOptions.SO_REUSEADDR);
        }

        @Override
        public void setReuseAddress(boolean reuseAddress) {
            set(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
        }

        @Override
        public int getTrafficClass() {
            return get(StandardSocketOptions.IP_TOS);
        }

        @Override
        public void setTrafficClass(int trafficClass) {
            set(StandardSocketOptions.IP_TOS, trafficClass);
        }
    }
}
