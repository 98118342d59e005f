package dev.tsserver.core.internal;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

import org.apache.mina.core.RuntimeIoException;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.filter.ssl.SslFilter;
import org.apache.mina.transport.socket.AbstractSocketSessionConfig;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * An accepted TCP connection, as MINA's {@code NioSocketSession}, whose filter chain is a
 * {@link SharedFilterChain}: its listener's entries, shared with every other connection.
 *
 * <p>Why a session class of our own: MINA's {@code NioSocketSession} is package-private and
 * fixes its chain to a {@code DefaultIoFilterChain} in its constructor. This class is the same
 * session (same channel, addresses, socket options, transport metadata, {@code isSecured}) with
 * {@link #getFilterChain()} returning the shared chain; MINA's I/O processor, idle checks and
 * write queue use it through {@link NioSession} as they use MINA's. ({@code NioSession}'s
 * constructor still makes a {@code DefaultIoFilterChain} that stays empty and unused.)
 */
public final class SharedChainSocketSession extends NioSession {

    private final SharedFilterChain filterChain;

    /**
     * @param template the listener's shared entries, or null for a chain with entries of its own
     */
    public SharedChainSocketSession(IoService service, IoProcessor<NioSession> processor, SocketChannel channel,
                                    SharedFilterChain.Template template) {
        super(processor, service, channel);
        this.filterChain = new SharedFilterChain(this, template);
        config = new Config();
        config.setAll(service.getSessionConfig());
    }

    @Override
    public IoFilterChain getFilterChain() {
        return filterChain;
    }

    @Override
    public SocketChannel getChannel() {
        return (SocketChannel) channel;
    }

    private Socket socket() {
        return ((SocketChannel) channel).socket();
    }

    @Override
    public TransportMetadata getTransportMetadata() {
        return getService().getTransportMetadata();
    }

    @Override
    public SocketSessionConfig getConfig() {
        return (SocketSessionConfig) config;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        Socket socket = socket();
        return socket == null ? null : (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        Socket socket = socket();
        return socket == null ? null : (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public InetSocketAddress getServiceAddress() {
        return (InetSocketAddress) super.getServiceAddress();
    }

    @Override
    public boolean isSecured() {
        return getAttribute(SslFilter.SSL_SECURED) != null;
    }

    /** The socket options, read from and written to the socket as MINA's session does. */
    private final class Config extends AbstractSocketSessionConfig {

        @Override
        public boolean isKeepAlive() {
            try {
                return socket().getKeepAlive();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setKeepAlive(boolean on) {
            try {
                socket().setKeepAlive(on);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public boolean isOobInline() {
            try {
                return socket().getOOBInline();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setOobInline(boolean on) {
            try {
                socket().setOOBInline(on);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public boolean isReuseAddress() {
            try {
                return socket().getReuseAddress();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setReuseAddress(boolean on) {
            try {
                socket().setReuseAddress(on);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public int getSoLinger() {
            try {
                return socket().getSoLinger();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setSoLinger(int linger) {
            try {
                if (linger < 0) {
                    socket().setSoLinger(false, 0);
                } else {
                    socket().setSoLinger(true, linger);
                }
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public boolean isTcpNoDelay() {
            if (!isConnected()) {
                return false;
            }
            try {
                return socket().getTcpNoDelay();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            try {
                socket().setTcpNoDelay(on);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public int getTrafficClass() {
            try {
                return socket().getTrafficClass();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setTrafficClass(int trafficClass) {
            try {
                socket().setTrafficClass(trafficClass);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public int getSendBufferSize() {
            try {
                return socket().getSendBufferSize();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setSendBufferSize(int size) {
            try {
                socket().setSendBufferSize(size);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public int getReceiveBufferSize() {
            try {
                return socket().getReceiveBufferSize();
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }

        @Override
        public void setReceiveBufferSize(int size) {
            try {
                socket().setReceiveBufferSize(size);
            } catch (SocketException e) {
                throw new RuntimeIoException(e);
            }
        }
    }
}
