package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A UDP listener stopping under continuous load: it answers every datagram sent before the stop
 * began, and stops once those are read instead of waiting for a quiet socket (which under this
 * load never comes) until the stop limit.
 */
@Timeout(60)
class UdpStopUnderLoadIntegrationTest {

    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final int WINDOW = 16;
    private static final int MAX_DATAGRAMS = 2_000_000;

    @Test
    void answersWhatWasSentBeforeTheStopAndStopsWellBeforeTheLimit() throws Exception {
        TsServer server = Servers.loopback().transport(Transport.UDP).stopTimeout(STOP_LIMIT).start();
        InetSocketAddress address = server.udpAddress();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        BitSet answered = new BitSet();
        Semaphore window = new Semaphore(WINDOW);
        try (DatagramChannel client = DatagramChannel.open()) {
            client.bind(new InetSocketAddress(address.getAddress(), 0));
            client.connect(address);
            client.socket().setSoTimeout(200);
            CompletableFuture<Void> receiver = CompletableFuture.runAsync(() -> receive(client, answered, window, done));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> send(client, sent, window, done));
            Servers.await("some load answered", 20_000, () -> answeredCount(answered) >= 2_000);

            int sentBeforeStop = sent.get();
            long start = System.nanoTime();
            server.close();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Replies to the last datagrams may still be on their way to the client.
            Servers.await("replies to the " + sentBeforeStop + " datagrams sent before the stop", 10_000,
                    () -> firstUnanswered(answered) >= sentBeforeStop);
            // The load did not stop with the stop: each reply let the client send again. Awaited,
            // not sampled when close() returns: the stop can end within a millisecond (the batch
            // reading acceptor reads the marker with the datagrams queued before it), before the
            // client's threads have run again on a loaded machine.
            Servers.await("the load went on after the stop began", 10_000, () -> sent.get() > sentBeforeStop);
            int sentAfterStop = sent.get();
            done.set(true);
            sender.get(10, TimeUnit.SECONDS);
            receiver.get(10, TimeUnit.SECONDS);

            assertTrue(sentAfterStop > sentBeforeStop, "the load went on during the stop");
            assertTrue(stopMillis < STOP_LIMIT.toMillis() / 2,
                    "stopped in " + stopMillis + " ms under load; the limit is " + STOP_LIMIT.toMillis() + " ms");
        } finally {
            done.set(true);
            server.close();
        }
    }

    private static void send(DatagramChannel client, AtomicInteger sent, Semaphore window, AtomicBoolean done) {
        try {
            while (!done.get() && sent.get() < MAX_DATAGRAMS) {
                if (!window.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    continue; // a datagram lost after the stop holds its permit for good
                }
                int seq = sent.get();
                client.write(ByteBuffer.wrap(Integer.toString(seq).getBytes(StandardCharsets.US_ASCII)));
                sent.incrementAndGet();
            }
        } catch (PortUnreachableException e) {
            // the listener is gone: the stop is over
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void receive(DatagramChannel client, BitSet answered, Semaphore window, AtomicBoolean done) {
        ByteBuffer reply = ByteBuffer.allocate(256);
        while (!done.get()) {
            try {
                reply.clear();
                int length = readOne(client, reply);
                String text = new String(reply.array(), 0, length, StandardCharsets.US_ASCII);
                if (!text.startsWith(Servers.PREFIX)) {
                    throw new IllegalStateException("not a reply: " + text);
                }
                int seq = Integer.parseInt(text.substring(Servers.PREFIX.length()));
                synchronized (answered) {
                    answered.set(seq);
                }
                window.release();
            } catch (SocketTimeoutException | PortUnreachableException e) {
                // nothing this time, or the listener is gone; go on until told to stop
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One reply through the socket adaptor, which honours the receive timeout. */
    private static int readOne(DatagramChannel client, ByteBuffer reply) throws java.io.IOException {
        java.net.DatagramPacket packet = new java.net.DatagramPacket(reply.array(), reply.capacity());
        client.socket().receive(packet);
        return packet.getLength();
    }

    private static int answeredCount(BitSet answered) {
        synchronized (answered) {
            return answered.cardinality();
        }
    }

    private static int firstUnanswered(BitSet answered) {
        synchronized (answered) {
            return answered.nextClearBit(0);
        }
    }
}
