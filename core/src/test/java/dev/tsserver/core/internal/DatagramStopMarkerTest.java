package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.DummySession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The marker filter against a loopback socket that stands in for the listener: the test reads
 * what {@code awaitQueueRead} sends and feeds it to the filter as MINA would.
 */
@Timeout(30)
class DatagramStopMarkerTest {

    private final DatagramStopMarker marker = new DatagramStopMarker();
    private final NextFilter next = mock(NextFilter.class);

    @Test
    void datagramsGoOnWhileNoStopIsUnderWay() {
        IoBuffer datagram = IoBuffer.wrap(new byte[DatagramStopMarker.TOKEN_BYTES]);
        marker.messageReceived(next, session(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000)), datagram);
        verify(next).messageReceived(any(), any());
    }

    @Test
    void theMarkerIsSwallowedAndEndsTheWaitWhileOtherDatagramsGoOn() throws Exception {
        try (DatagramChannel listener = loopbackChannel()) {
            InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
            CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(() -> marker.awaitQueueRead(
                    bound, System.nanoTime() + TimeUnit.SECONDS.toNanos(20)));
            ByteBuffer received = ByteBuffer.allocate(100);
            InetSocketAddress from = (InetSocketAddress) listener.receive(received);
            received.flip();
            byte[] token = new byte[received.remaining()];
            received.get(token);
            assertEquals(DatagramStopMarker.TOKEN_BYTES, token.length);

            // Same source, other bytes; same bytes, other source: ordinary datagrams.
            byte[] other = token.clone();
            other[0]++;
            marker.messageReceived(next, session(from), IoBuffer.wrap(other));
            marker.messageReceived(next, session(new InetSocketAddress(from.getAddress(), from.getPort() + 1)),
                    IoBuffer.wrap(token));
            verify(next, org.mockito.Mockito.times(2)).messageReceived(any(), any());
            assertFalse(read.isDone(), "no marker seen yet");

            DummySession markerSession = session(from);
            marker.messageReceived(next, markerSession, IoBuffer.wrap(token));
            assertTrue(read.get(10, TimeUnit.SECONDS), "the marker was read");
            verify(next, org.mockito.Mockito.times(2)).messageReceived(any(), any());
            assertTrue(markerSession.isClosing(), "the marker's own session is closed");
        }
    }

    @Test
    void anUnseenMarkerIsSentAgainAndTheWaitEndsAtTheDeadline() throws Exception {
        try (DatagramChannel listener = loopbackChannel()) {
            long start = System.nanoTime();
            boolean read = marker.awaitQueueRead((InetSocketAddress) listener.getLocalAddress(),
                    start + TimeUnit.MILLISECONDS.toNanos(300));
            assertFalse(read);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "waited until the deadline");
            listener.configureBlocking(false);
            int copies = 0;
            while (listener.receive(ByteBuffer.allocate(100)) != null) {
                copies++;
            }
            assertTrue(copies >= 2, "sent again while unseen, got " + copies);
            // After the wait, a late copy of the marker is an ordinary datagram.
            marker.messageReceived(next, session(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1)),
                    IoBuffer.wrap(new byte[DatagramStopMarker.TOKEN_BYTES]));
            verify(next).messageReceived(any(), any());
        }
    }

    @Test
    void aWildcardListenerIsReachedOnTheLoopbackOfItsFamily() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"),
                DatagramStopMarker.reachable(InetAddress.getByName("0.0.0.0")));
        assertEquals(InetAddress.getByName("::1"), DatagramStopMarker.reachable(InetAddress.getByName("::")));
        assertEquals(InetAddress.getByName("127.0.0.2"),
                DatagramStopMarker.reachable(InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void nothingToWaitForOnceTheDeadlineHasPassed() throws Exception {
        try (DatagramChannel listener = loopbackChannel()) {
            assertFalse(marker.awaitQueueRead((InetSocketAddress) listener.getLocalAddress(), System.nanoTime() - 1));
            verify(next, never()).messageReceived(any(), any());
        }
    }

    private static DatagramChannel loopbackChannel() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        return channel;
    }

    private static DummySession session(InetSocketAddress remote) {
        DummySession session = new DummySession();
        session.setRemoteAddress(remote);
        return session;
    }
}
