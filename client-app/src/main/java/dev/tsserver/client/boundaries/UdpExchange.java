package dev.tsserver.client.boundaries;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends a workload as datagrams, one send call (one datagram) per message, and collects the
 * reply datagrams. UDP has no flow control: a burst larger than the server's receive buffer is
 * dropped silently by the kernel. So sends are paced by a small window of datagrams awaiting a
 * reply; that keeps the run about boundaries rather than about buffer overruns, and any loss
 * that remains is counted, not hidden.
 */
final class UdpExchange {

    /** Bytes allowed in flight; well under the default 208 KiB receive buffer of Linux. */
    private static final int WINDOW_BYTES = 128 * 1024;
    private static final int MAX_WINDOW = 64;
    /**
     * A reply not back after this long is given up on (and counted lost in the end). Loopback
     * loses nothing unless a buffer overflows, so this only decides how long a real loss delays
     * the run; it must outlast a server the machine does not schedule for a while (300 ms did
     * not on a loaded machine: late replies were counted lost). The run's timeout still bounds it.
     */
    private static final int REPLY_WAIT_MS = 2_000;
    private static final int RECEIVE_BUFFER = 1024 * 1024;

    record Outcome(InetSocketAddress localAddress, int writes, List<byte[]> replies, String error) {
    }

    private UdpExchange() {
    }

    static Outcome run(InetSocketAddress server, Workload workload, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int window = Math.max(1, Math.min(MAX_WINDOW, WINDOW_BYTES / (workload.largestMessage() + 1024)));
        List<byte[]> replies = new ArrayList<>(workload.count());
        int writes = 0;
        InetSocketAddress local = null;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(server);
            local = (InetSocketAddress) socket.getLocalSocketAddress();
            byte[] buffer = new byte[65_536];
            int awaited = 0;
            for (byte[] message : workload.messages()) {
                while (awaited >= window) {
                    if (receive(socket, buffer, replies, REPLY_WAIT_MS, deadline)) {
                        awaited--;
                    } else {
                        awaited = 0; // those replies are not coming: make room and go on
                    }
                }
                socket.send(new DatagramPacket(message, message.length));
                writes++;
                awaited++;
            }
            while (replies.size() < writes && receive(socket, buffer, replies, REPLY_WAIT_MS, deadline)) {
                // drain until every reply is in or none comes for a while
            }
            return new Outcome(local, writes, replies, null);
        } catch (PortUnreachableException e) {
            return new Outcome(local, writes, replies, "no UDP server at " + server.getHostString() + ":"
                    + server.getPort() + " (port unreachable)");
        } catch (IOException e) {
            return new Outcome(local, writes, replies, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Waits for one reply; false when none came in time or the deadline has passed. */
    private static boolean receive(DatagramSocket socket, byte[] buffer, List<byte[]> replies, int waitMillis,
                                   long deadline) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(waitMillis, left)));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return false;
        }
        byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
        int start = ReplyParser.payloadStart(datagram);
        replies.add(start < 0 ? datagram : Arrays.copyOfRange(datagram, start, datagram.length));
        return true;
    }
}
