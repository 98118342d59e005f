package dev.tsserver.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
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
 * Decode throughput of each built-in codec, through its {@code ProtocolCodecFactory} as the
 * server uses it (one decoder per session), for 16 B, 256 B and 16 KiB payloads.
 *
 * <p>{@code split=true} feeds each framed request in two reads (the first half, then the
 * rest), as TCP may deliver it; for {@code raw} that yields two messages, which is what raw
 * framing means.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecodeBenchmark {

    @Param({"line", "length", "raw"})
    public String codec;

    @Param({"16", "256", "16384"})
    public int size;

    @Param({"false", "true"})
    public boolean split;

    private IoSession session;
    private ProtocolDecoder decoder;
    private IoBuffer whole;
    private IoBuffer firstHalf;
    private IoBuffer secondHalf;
    private BlackholeOutput output;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        ProtocolCodecFactory factory = CodecRegistry.discover()
                .newCodecFactory(codec, new CodecSettings(CodecSettings.DEFAULT_MAX_FRAME, 4));
        session = new DummySession();
        decoder = factory.getDecoder(session);
        output = new BlackholeOutput(blackhole);
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) 'x');
        byte[] framed = frame(codec, payload);
        whole = IoBuffer.wrap(framed);
        firstHalf = IoBuffer.wrap(framed, 0, framed.length / 2).slice();
        secondHalf = IoBuffer.wrap(framed, framed.length / 2, framed.length - framed.length / 2).slice();
    }

    /** A request as a client frames it. */
    private static byte[] frame(String codec, byte[] payload) {
        return switch (codec) {
            case "line" -> {
                byte[] f = Arrays.copyOf(payload, payload.length + 1);
                f[payload.length] = '\n';
                yield f;
            }
            case "length" -> {
                byte[] f = new byte[payload.length + 4];
                IoBuffer.wrap(f).putInt(payload.length).put(payload);
                yield f;
            }
            default -> payload.clone();
        };
    }

    @Benchmark
    public void decode() throws Exception {
        if (split) {
            firstHalf.rewind();
            secondHalf.rewind();
            decoder.decode(session, firstHalf, output);
            decoder.decode(session, secondHalf, output);
        } else {
            whole.rewind();
            decoder.decode(session, whole, output);
        }
    }

    /** Hands whatever a codec emits to JMH so it is not optimised away. */
    private static final class BlackholeOutput implements ProtocolDecoderOutput {
        private final Blackhole blackhole;

        BlackholeOutput(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void write(Object message) {
            blackhole.consume(message);
        }

        @Override
        public void flush(NextFilter nextFilter, IoSession session) {
            // nothing queued: every message went to the blackhole
        }
    }
}
