package dev.tsserver.client.boundaries;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.wire.ReplyPrefix;
import dev.tsserver.codec.wire.WireFraming;
import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.reads.PeerReads;

/**
 * Runs the four cases (TCP {@code raw}, {@code line}, {@code length}, and UDP), each with a
 * {@code small} run (many small writes back to back: the server's reads merge them) and a
 * {@code large} run (messages far larger than a read: the server reads at most 64 KiB at a time,
 * so one message takes many reads).
 *
 * <p>Embedded: one fresh server per case on a free loopback port, with read counting on, stopped
 * after the case; stopping it also makes its read counts final. External: the cases run against
 * a server whose codec the user named; the others are skipped with the reason.
 */
final class BoundaryExperiment {

    static final String[] CODECS = {"raw", "line", "length"};
    /** Large UDP datagrams stay well inside one datagram (65,507 bytes) with the timestamp added. */
    static final int LARGEST_DATAGRAM = 60 * 1024;
    private static final CodecRegistry BUILT_IN_CODECS = CodecRegistry.of();

    /**
     * What to send and where.
     *
     * @param external null to embed a server
     */
    record Settings(int count, int[] sizes, int largeCount, int largeSize, Duration timeout, External external) {
    }

    /** A server this command did not start: its address and what the user told us about it. */
    record External(String host, int port, String codec, int lengthPrefix, int maxFrame, String transport) {
    }

    /** The experiment could not run at all (no server could be started). */
    static final class CannotRun extends Exception {
        private static final long serialVersionUID = 1L;

        CannotRun(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;

    BoundaryExperiment(Settings settings) {
        this.settings = settings;
    }

    List<CaseResult> run() throws CannotRun {
        List<CaseResult> results = new ArrayList<>();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                dev.tsserver.client.experiment.ExperimentIo.daemonThreads("boundaries-watchdog"));
        try {
            for (String codec : CODECS) {
                results.addAll(settings.external() == null ? embeddedTcp(codec, watchdog) : externalTcp(codec, watchdog));
            }
            results.addAll(settings.external() == null ? embeddedUdp() : externalUdp());
        } finally {
            watchdog.shutdownNow();
        }
        return results;
    }

    private List<Workload> tcpWorkloads(int largeSize) {
        List<Workload> workloads = new ArrayList<>(2);
        workloads.add(Workload.of("small", settings.count(), settings.sizes()));
        if (settings.largeCount() > 0 && largeSize >= Workload.MIN_SIZE) {
            workloads.add(Workload.of("large", settings.largeCount(), largeSize));
        }
        return workloads;
    }

    private List<CaseResult> embeddedTcp(String codec, ScheduledExecutorService watchdog) throws CannotRun {
        int maxFrame = Math.max(CodecSettings.DEFAULT_MAX_FRAME, settings.largeSize());
        TsServer server = start(TsServer.builder().codec(codec).transport(Transport.TCP).maxFrame(maxFrame)
                .lengthPrefix(4), "tcp " + codec);
        List<CaseResult> results = new ArrayList<>();
        List<TcpExchange.Outcome> outcomes = new ArrayList<>();
        List<Workload> workloads = tcpWorkloads(settings.largeSize());
        try {
            for (Workload workload : workloads) {
                outcomes.add(TcpExchange.run(server.tcpAddress(), workload, framed(workload, wire(codec, 4)),
                        ReplyParser.forFraming(wire(codec, 4)), settings.timeout().toMillis(), watchdog));
            }
        } finally {
            server.close(); // from here on the read counts are final
        }
        for (int i = 0; i < workloads.size(); i++) {
            TcpExchange.Outcome outcome = outcomes.get(i);
            Long reads = outcome.localAddress() == null ? null
                    : server.reads().find("tcp", outcome.localAddress()).map(PeerReads::reads).orElse(0L);
            results.add(tcpResult(codec, workloads.get(i), outcome, reads));
        }
        return results;
    }

    private List<CaseResult> externalTcp(String codec, ScheduledExecutorService watchdog) {
        External external = settings.external();
        String label = "tcp " + codec;
        if (external.transport().equals("udp")) {
            return List.of(CaseResult.skipped(label, "tcp", codec, "only UDP was asked for (--transport udp)"));
        }
        if (!codec.equals(external.codec())) {
            return List.of(CaseResult.skipped(label, "tcp", codec, "the server runs codec " + external.codec()
                    + "; start it with --codec " + codec + " and pass --codec " + codec + " here"));
        }
        int largeSize = Math.min(settings.largeSize(), external.maxFrame());
        WireFraming wire = wire(codec, external.lengthPrefix());
        // A reply must fit the frame (a 1- or 2-byte length field) with the longest timestamp prefix.
        largeSize = (int) Math.min(largeSize, wire.maxPayload() - ReplyPrefix.MAX_LENGTH);
        InetSocketAddress address = new InetSocketAddress(external.host(), external.port());
        List<CaseResult> results = new ArrayList<>();
        for (Workload workload : tcpWorkloads(largeSize)) {
            TcpExchange.Outcome outcome = TcpExchange.run(address, workload, framed(workload, wire),
                    ReplyParser.forFraming(wire), settings.timeout().toMillis(), watchdog);
            results.add(tcpResult(codec, workload, outcome, null));
        }
        return results;
    }

    /** The wire rules of a built-in codec: the same the server's codecs use. */
    static WireFraming wire(String codec, int lengthPrefix) {
        return BUILT_IN_CODECS.get(codec)
                .wireFraming(CodecSettings.defaults().withLengthPrefix(lengthPrefix))
                .orElseThrow(() -> new IllegalStateException("built-in codec " + codec + " shares no wire rules"));
    }

    /** Framed before the first write, so the writes go out back to back. */
    private static List<byte[]> framed(Workload workload, WireFraming wire) {
        List<byte[]> writes = new ArrayList<>(workload.count());
        for (byte[] message : workload.messages()) {
            writes.add(wire.frame(message));
        }
        return writes;
    }

    private static CaseResult tcpResult(String codec, Workload workload, TcpExchange.Outcome outcome, Long reads) {
        String label = "tcp " + codec;
        if (outcome.localAddress() == null) {
            return new CaseResult(label, "tcp", codec, workload.run(), workload.describeSizes(), workload.count(),
                    0, null, 0, null, null, outcome.error());
        }
        ReplyParser replies = outcome.replies();
        BoundaryTally tally = BoundaryTally.ofStream(workload.messages(), replies.payloads(), replies.strayReplies());
        return new CaseResult(label, "tcp", codec, workload.run(), workload.describeSizes(), workload.count(),
                outcome.writes(), reads, replies.replies(), tally, null, outcome.error());
    }

    private List<Workload> udpWorkloads(int maxFrame) {
        List<Workload> workloads = new ArrayList<>(2);
        workloads.add(Workload.of("small", settings.count(), settings.sizes()));
        int largeSize = Math.min(Math.min(settings.largeSize(), LARGEST_DATAGRAM), maxFrame);
        if (settings.largeCount() > 0 && largeSize >= Workload.MIN_SIZE) {
            workloads.add(Workload.of("large", settings.largeCount(), largeSize));
        }
        return workloads;
    }

    private List<CaseResult> embeddedUdp() throws CannotRun {
        TsServer server = start(TsServer.builder().transport(Transport.UDP), "udp");
        List<Workload> workloads = udpWorkloads(Integer.MAX_VALUE);
        List<UdpExchange.Outcome> outcomes = new ArrayList<>();
        try {
            for (Workload workload : workloads) {
                outcomes.add(UdpExchange.run(server.udpAddress(), workload, settings.timeout().toMillis()));
            }
        } finally {
            server.close();
        }
        List<CaseResult> results = new ArrayList<>();
        for (int i = 0; i < workloads.size(); i++) {
            UdpExchange.Outcome outcome = outcomes.get(i);
            Long reads = outcome.localAddress() == null ? null
                    : server.reads().find("udp", outcome.localAddress()).map(PeerReads::reads).orElse(0L);
            results.add(udpResult(workloads.get(i), outcome, reads));
        }
        return results;
    }

    private List<CaseResult> externalUdp() {
        External external = settings.external();
        if (external.transport().equals("tcp")) {
            return List.of(CaseResult.skipped("udp", "udp", null, "pass --transport udp (or both) to run it"
                    + " against a server started with --transport udp or both"));
        }
        InetSocketAddress address = new InetSocketAddress(external.host(), external.port());
        List<CaseResult> results = new ArrayList<>();
        for (Workload workload : udpWorkloads(external.maxFrame())) {
            results.add(udpResult(workload, UdpExchange.run(address, workload, settings.timeout().toMillis()), null));
        }
        return results;
    }

    private static CaseResult udpResult(Workload workload, UdpExchange.Outcome outcome, Long reads) {
        if (outcome.error() != null && outcome.replies().isEmpty()) {
            return new CaseResult("udp", "udp", null, workload.run(), workload.describeSizes(), workload.count(),
                    outcome.writes(), reads, 0, null, null, outcome.error());
        }
        BoundaryTally tally = BoundaryTally.ofDatagrams(workload.messages(), outcome.replies());
        return new CaseResult("udp", "udp", null, workload.run(), workload.describeSizes(), workload.count(),
                outcome.writes(), reads, outcome.replies().size(), tally, null, outcome.error());
    }

    private TsServer start(TsServerConfig.Builder builder, String what) throws CannotRun {
        try {
            return builder.host("127.0.0.1").port(0).countReads(true).stopTimeout(Duration.ofSeconds(1)).start();
        } catch (ServerStartException e) {
            throw new CannotRun("cannot start the embedded " + what + " server: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CannotRun("cannot start the embedded " + what + " server: "
                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT), e);
        }
    }
}
