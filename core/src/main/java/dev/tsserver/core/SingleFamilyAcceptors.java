package dev.tsserver.core;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

import dev.tsserver.core.internal.BatchAcceptingNioSocketAcceptor;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * MINA acceptors that bind exactly the address family asked for.
 *
 * <p>Why: the JDK opens IPv6 sockets by default wherever IPv6 exists, and binding such a socket
 * to {@code 0.0.0.0} turns it into a dual-stack {@code ::} wildcard that also answers
 * {@code ::1}. An IPv4 address therefore gets a channel opened with
 * {@link StandardProtocolFamily#INET}; IPv6 addresses keep the JDK's default.
 *
 * <p>How: {@link NioSocketAcceptor} opens its server channel through its protected
 * {@code selectorProvider} field when set, so a provider that opens IPv4 channels is enough.
 * MINA's {@code NioDatagramAcceptor} is final and always calls {@code DatagramChannel.open()},
 * so UDP cannot be opened in one family; {@link Ipv4OnlyDatagramFilter} drops what IPv6 peers
 * send to an IPv4 UDP listener instead.
 */
final class SingleFamilyAcceptors {

    private SingleFamilyAcceptors() {
    }

    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    static NioSocketAcceptor socketAcceptor(SimpleIoProcessorPool<NioSession> processors, InetAddress bindAddress) {
        NioSocketAcceptor acceptor = new BatchAcceptingNioSocketAcceptor(processors,
                BatchAcceptingNioSocketAcceptor.configuredAcceptsPerSelect()) {
            {
                if (isIpv4(bindAddress)) {
                    selectorProvider = new Ipv4ChannelProvider(SelectorProvider.provider());
                }
            }
        };
        return acceptor;
    }

    /** Opens IPv4 server and datagram channels; everything else as the JDK's provider does. */
    private static final class Ipv4ChannelProvider extends SelectorProvider {
        private final SelectorProvider jdk;

        Ipv4ChannelProvider(SelectorProvider jdk) {
            this.jdk = jdk;
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() throws IOException {
            return jdk.openServerSocketChannel(StandardProtocolFamily.INET);
        }

        @Override
        public DatagramChannel openDatagramChannel() throws IOException {
            return jdk.openDatagramChannel(StandardProtocolFamily.INET);
        }

        @Override
        public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
            return jdk.openDatagramChannel(family);
        }

        @Override
        public Pipe openPipe() throws IOException {
            return jdk.openPipe();
        }

        @Override
        public AbstractSelector openSelector() throws IOException {
            return jdk.openSelector();
        }

        @Override
        public SocketChannel openSocketChannel() throws IOException {
            return jdk.openSocketChannel();
        }
    }
}
