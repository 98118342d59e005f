package dev.tsserver.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.TimestampedReply;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode throughput of each built-in codec, through its {@code ProtocolCodecFactory} as the
 * server uses it, for 16 B, 256 B and 16 KiB payloads. The message is a reply,
 * {@code [ctime] payload}, kept as its two parts as the server's handler makes it; the encoder
 * always writes one buffer, so there is no split variant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EncodeBenchmark {

    @Param({"line", "length", "raw"})
    public String codec;

    @Param({"16", "256", "16384"})
    public int size;

    private IoSession session;
    private ProtocolEncoder encoder;
    private TimestampedReply reply;
    private BlackholeOutput output;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        ProtocolCodecFactory factory = CodecRegistry.discover()
                .newCodecFactory(codec, new CodecSettings(CodecSettings.DEFAULT_MAX_FRAME, 4));
        session = new DummySession();
        encoder = factory.getEncoder(session);
        output = new BlackholeOutput(blackhole);
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        reply = new TimestampedReply("[Tue Nov 24 14:03:39 2026] ".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                payload);
    }

    @Benchmark
    public void encode() throws Exception {
        encoder.encode(session, reply, output);
    }

    /** Hands whatever a codec emits to JMH so it is not optimised away. */
    private static final class BlackholeOutput implements ProtocolEncoderOutput {
        private final Blackhole blackhole;

        BlackholeOutput(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void write(Object message) {
            blackhole.consume(message);
        }
    }
}
