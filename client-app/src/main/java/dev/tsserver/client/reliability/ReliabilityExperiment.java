package dev.tsserver.client.reliability;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.tsserver.core.ServerStats;
import dev.tsserver.core.TimestampReplyHandler;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.reads.PeerReads;
import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.core.time.TimestampFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same burst of numbered messages over UDP, then over TCP. Embedded (the default): one
 * server per transport on a free loopback port with read counting on, the UDP one with the small
 * receive buffer asked for; each is stopped after its burst, which makes its counts final.
 * External: both bursts go to the named server's port; what only an embedded server can tell
 * (what it read, its buffer) is then unknown.
 *
 * <p>The kernel's drop counter is read just before the UDP burst and again once its server
 * has stopped and its replies are in.
 */
final class ReliabilityExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityExperiment.class);
    private static final Duration EMBEDDED_STOP_TIMEOUT = Duration.ofSeconds(1);
    private static final int PRIME_WAIT_MS = 1000;

    /**
     * @param udpReceiveBuffer SO_RCVBUF asked for the embedded server's UDP socket
     * @param tcpPauseMillis   how long the embedded TCP server leaves a new connection unread
     *                         ({@link ReadPause}); 0: it reads at once
     * @param external         null to embed the servers
     */
    record Settings(int count, int size, int udpReceiveBuffer, long tcpPauseMillis, Duration timeout,
                    External external) {
    }

    /** A server this command did not start (it must run {@code --transport both --codec line}). */
    record External(String host, int port) {
    }

    /**
     * One transport's figures. Server-side ones are null when the server is not embedded.
     *
     * @param serverReceived messages the server took in: UDP datagrams it read, TCP messages it
     *                       decoded and answered
     * @param serverReads    reads the server made (a UDP read is one datagram; a TCP read is
     *                       whatever bytes had arrived)
     * @param connections    connections the server accepted (TCP 1, UDP has none)
     * @param longestWriteNanos TCP: the longest single write; UDP: null
     * @param writtenBeforeLongestWrite TCP: messages written before that write began; UDP: null
     */
    record TransportResult(String transport, int sent, long sendNanos, Long longestWriteNanos,
                           Integer writtenBeforeLongestWrite, Long serverReceived, Long serverReads, Long connections,
                           BurstTally tally, String error) {

        /** Messages that never reached the server's application; null when not known. */
        Long lostOnTheWayIn() {
            return serverReceived == null ? null : sent - serverReceived;
        }

        /** Messages the server answered whose reply never came back; null when not known. */
        Long lostOnTheWayBack() {
            return serverReceived == null ? null : Math.max(0, serverReceived - tally.distinct());
        }
    }

    /**
     * How much the kernel's own counters rose: {@code Udp RcvbufErrors} over the UDP burst,
     * {@code Tcp RetransSegs} and {@code TcpExt TCPToZeroWindowAdv} over the TCP burst. Null
     * where the platform does not expose them.
     */
    record KernelCounts(String source, Long udpRcvbufErrors, Long tcpRetransSegs, Long tcpToZeroWindow) {
        boolean available() {
            return udpRcvbufErrors != null;
        }
    }

    /**
     * @param grantedReceiveBuffer what the kernel granted the embedded server's UDP socket; null
     *                             when unknown (external server, or its socket not reachable)
     */
    record Result(Settings settings, Integer grantedReceiveBuffer, TransportResult udp, TransportResult tcp,
                  KernelCounts kernel) {
    }

    /** No server could be started. */
    static final class CannotRun extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRun(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final KernelCounters counters;

    ReliabilityExperiment(Settings settings, KernelCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    Result run() throws CannotRun {
        List<byte[]> datagrams = new ArrayList<>(settings.count());
        List<byte[]> lines = new ArrayList<>(settings.count());
        for (int i = 0; i < settings.count(); i++) {
            byte[] payload = BurstMessages.payload(i, settings.size());
            datagrams.add(payload);
            byte[] line = java.util.Arrays.copyOf(payload, payload.length + 1);
            line[payload.length] = '\n';
            lines.add(line);
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                dev.tsserver.client.experiment.ExperimentIo.daemonThreads("reliability-watchdog"));
        try {
            return settings.external() == null ? embedded(datagrams, lines, watchdog)
                    : external(datagrams, lines, watchdog);
        } finally {
            watchdog.shutdownNow();
        }
    }

    private Result embedded(List<byte[]> datagrams, List<byte[]> lines, ScheduledExecutorService watchdog)
            throws CannotRun {
        TsServer udpServer = start(TsServer.builder().transport(Transport.UDP)
                .udpReceiveBufferSize(settings.udpReceiveBuffer()), "udp");
        Integer granted;
        Optional<Long> before;
        UdpBurst.Outcome udp;
        try {
            granted = grantedReceiveBuffer(udpServer);
            before = udpDrops();
            udp = UdpBurst.run(udpServer.udpAddress(), datagrams, settings.timeout().toMillis());
        } finally {
            udpServer.close(); // from here on its read counts are final
        }
        Optional<Long> after = udpDrops();
        Long udpReads = udp.localAddress() == null ? null
                : udpServer.reads().find("udp", udp.localAddress()).map(PeerReads::reads).orElse(0L);
        TransportResult udpResult = new TransportResult("udp", udp.sent(), udp.sendNanos(), null, null, udpReads,
                udpReads, 0L, udp.tally(), udp.error());

        ServerStats answered = new ServerStats();
        TsServerConfig.Builder tcpBuilder = TsServer.builder().transport(Transport.TCP).codec("line")
                .maxFrame(Math.max(settings.size(), 1024));
        if (settings.tcpPauseMillis() > 0) {
            TimestampFormatter formatter = new TimestampFormatter(TimestampFormat.CTIME, ZoneId.systemDefault(),
                    Clock.systemUTC());
            tcpBuilder.handler(new ReadPause(new TimestampReplyHandler(formatter, answered), watchdog,
                    settings.tcpPauseMillis()));
        }
        TsServer tcpServer = start(tcpBuilder, "tcp");
        TcpBurst.Outcome tcp;
        Optional<Long> retransBefore = tcpRetransmissions();
        Optional<Long> zeroBefore = tcpZeroWindows();
        try {
            tcp = TcpBurst.run(tcpServer.tcpAddress(), lines, settings.size(), settings.timeout().toMillis(), watchdog);
        } finally {
            tcpServer.close();
        }
        Optional<Long> retransAfter = tcpRetransmissions();
        Optional<Long> zeroAfter = tcpZeroWindows();
        Long tcpReads = tcp.localAddress() == null ? null
                : tcpServer.reads().find("tcp", tcp.localAddress()).map(PeerReads::reads).orElse(0L);
        var stats = tcpServer.stats().snapshot();
        long tcpAnswered = settings.tcpPauseMillis() > 0 ? answered.snapshot().messagesAnswered()
                : stats.messagesAnswered();
        TransportResult tcpResult = new TransportResult("tcp", tcp.sent(), tcp.sendNanos(), tcp.longestWriteNanos(),
                tcp.writtenBeforeLongestWrite(), tcpAnswered, tcpReads, stats.connectionsAccepted(), tcp.tally(),
                tcp.error());
        return new Result(settings, granted, udpResult, tcpResult,
                counts(before, after, retransBefore, retransAfter, zeroBefore, zeroAfter));
    }

    private Result external(List<byte[]> datagrams, List<byte[]> lines, ScheduledExecutorService watchdog) {
        External external = settings.external();
        InetSocketAddress address = new InetSocketAddress(external.host(), external.port());
        Optional<Long> before = udpDrops();
        UdpBurst.Outcome udp = UdpBurst.run(address, datagrams, settings.timeout().toMillis());
        Optional<Long> after = udpDrops();
        Optional<Long> retransBefore = tcpRetransmissions();
        Optional<Long> zeroBefore = tcpZeroWindows();
        TcpBurst.Outcome tcp = TcpBurst.run(address, lines, settings.size(), settings.timeout().toMillis(), watchdog);
        Optional<Long> retransAfter = tcpRetransmissions();
        Optional<Long> zeroAfter = tcpZeroWindows();
        return new Result(settings, null,
                new TransportResult("udp", udp.sent(), udp.sendNanos(), null, null, null, null, null, udp.tally(),
                        udp.error()),
                new TransportResult("tcp", tcp.sent(), tcp.sendNanos(), tcp.longestWriteNanos(),
                        tcp.writtenBeforeLongestWrite(), null, null, null, tcp.tally(), tcp.error()),
                counts(before, after, retransBefore, retransAfter, zeroBefore, zeroAfter));
    }

    private Optional<Long> udpDrops() {
        return counters.read(KernelCounters.UDP, KernelCounters.UDP_RCVBUF_ERRORS);
    }

    private Optional<Long> tcpRetransmissions() {
        return counters.read(KernelCounters.TCP, KernelCounters.TCP_RETRANS_SEGS);
    }

    private Optional<Long> tcpZeroWindows() {
        return counters.read(KernelCounters.TCP_EXT, KernelCounters.TCP_TO_ZERO_WINDOW);
    }

    private KernelCounts counts(Optional<Long> udpBefore, Optional<Long> udpAfter, Optional<Long> tcpBefore,
                                Optional<Long> tcpAfter, Optional<Long> zeroBefore, Optional<Long> zeroAfter) {
        return new KernelCounts(counters.source().toString(), delta(udpBefore, udpAfter), delta(tcpBefore, tcpAfter),
                delta(zeroBefore, zeroAfter));
    }

    private static Long delta(Optional<Long> before, Optional<Long> after) {
        return before.isPresent() && after.isPresent() ? after.get() - before.get() : null;
    }

    private TsServer start(TsServerConfig.Builder builder, String what) throws CannotRun {
        try {
            return builder.host("127.0.0.1").port(0).countReads(true).stopTimeout(EMBEDDED_STOP_TIMEOUT).start();
        } catch (java.io.IOException e) {
            throw new CannotRun("cannot start the embedded " + what + " server: " + e.getMessage(), e);
        }
    }

    /**
     * One datagram from a socket of its own (so the burst's counts stay clean) gives the server a
     * peer session, through which it can read its socket's receive buffer size back.
     */
    private static Integer grantedReceiveBuffer(TsServer server) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.udpAddress().getAddress(), 0))) {
            socket.setSoTimeout(PRIME_WAIT_MS);
            byte[] probe = {'p', 'r', 'o', 'b', 'e'};
            socket.send(new DatagramPacket(probe, probe.length, server.udpAddress()));
            socket.receive(new DatagramPacket(new byte[256], 256));
        } catch (SocketTimeoutException e) {
            LOG.debug("no reply to the probe datagram", e);
        } catch (java.io.IOException e) {
            LOG.debug("probe datagram failed", e);
        }
        OptionalInt granted = server.udpReceiveBufferSize();
        return granted.isPresent() ? granted.getAsInt() : null;
    }
}
