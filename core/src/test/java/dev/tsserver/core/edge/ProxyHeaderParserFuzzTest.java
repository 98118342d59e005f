package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Randomised input for the PROXY header parser, with a seed printed so a failure can be
 * replayed ({@code -Dproxy.fuzz.seed=N}). Properties: on any bytes it returns a header, asks
 * for more, or throws {@link ProxyHeaderException}, nothing else; it never claims more bytes
 * than it was given; and asking for more is never wrong for a prefix of an accepted input
 * (so a header split anywhere parses the same as one read).
 */
class ProxyHeaderParserFuzzTest {

    private static final int ROUNDS = 20_000;

    private static long seed() {
        long seed = Long.getLong("proxy.fuzz.seed", System.nanoTime());
        System.out.println("ProxyHeaderParserFuzzTest seed " + seed + " (replay: -Dproxy.fuzz.seed=" + seed + ")");
        return seed;
    }

    @Test
    void randomBytesNeverBreakTheParser() {
        long seed = seed();
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = new byte[random.nextInt(300)];
            random.nextBytes(input);
            if (input.length > 0 && random.nextBoolean()) { // reach past the first byte check often
                byte[] prefix = random.nextBoolean() ? ProxyHeaderParser.V1_PREFIX : ProxyHeaderParser.V2_SIGNATURE;
                System.arraycopy(prefix, 0, input, 0, Math.min(prefix.length, input.length));
            }
            check(input, seed, round);
        }
    }

    @Test
    void mutatedValidHeadersNeverBreakTheParser() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        byte[][] valid = {
            ProxyHeaders.v1("PROXY TCP4 192.0.2.1 198.51.100.1 56324 443"),
            ProxyHeaders.v1("PROXY TCP6 2001:db8::1 ::1 1 2"),
            ProxyHeaders.v1("PROXY UNKNOWN"),
            ProxyHeaders.v2("203.0.113.7", 40000, "127.0.0.1", 21567, new byte[] {1, 0, 2, 'h', '2'}),
            ProxyHeaders.v2("2001:db8::7", 1, "::1", 2, new byte[0]),
            ProxyHeaders.v2Local(),
        };
        for (int round = 0; round < ROUNDS; round++) {
            byte[] input = valid[random.nextInt(valid.length)].clone();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                switch (random.nextInt(3)) {
                    case 0 -> input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    case 1 -> input = Arrays.copyOf(input, random.nextInt(input.length + 1));
                    default -> {
                        byte[] longer = Arrays.copyOf(input, input.length + 1 + random.nextInt(20));
                        for (int i = input.length; i < longer.length; i++) {
                            longer[i] = (byte) random.nextInt(256);
                        }
                        input = longer;
                    }
                }
                if (input.length == 0) {
                    break;
                }
            }
            check(input, seed, round);
        }
    }

    @Test
    void validHeadersSplitAnywhereParseTheSame() throws Exception {
        long seed = seed();
        Random random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            byte[] header = random.nextBoolean()
                    ? ProxyHeaders.v1Tcp4("10." + random.nextInt(256) + ".0." + random.nextInt(256), random.nextInt(65536))
                    : ProxyHeaders.v2("10.0." + random.nextInt(256) + ".1", random.nextInt(65536), "127.0.0.1", 1,
                            new byte[random.nextInt(64)]);
            byte[] data = new byte[random.nextInt(50)];
            random.nextBytes(data);
            byte[] wire = ProxyHeaders.concat(header, data);
            // Feed it as a connection would: growing prefixes at random cut points.
            int received = 0;
            ProxyHeader parsed = null;
            while (parsed == null) {
                received = Math.min(wire.length, received + 1 + random.nextInt(20));
                try {
                    parsed = ProxyHeaderParser.parse(wire, received, true, true);
                } catch (ProxyHeaderException e) {
                    fail("seed " + seed + " round " + round + ": " + e.getMessage());
                }
                if (parsed == null && received == wire.length) {
                    fail("seed " + seed + " round " + round + ": whole header given, still asks for more");
                }
            }
            assertEquals(header.length, parsed.length(), "seed " + seed + " round " + round);
            assertNotNull(parsed.source());
        }
    }

    private static void check(byte[] input, long seed, int round) {
        ProxyHeader full;
        try {
            full = ProxyHeaderParser.parse(input, input.length, true, true);
        } catch (ProxyHeaderException expected) {
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + " round " + round + ": " + e + " on " + Arrays.toString(input), e);
        }
        if (full == null) {
            assertTrue(input.length < ProxyHeaderParser.V2_MAX_LENGTH);
            return;
        }
        assertTrue(full.length() <= input.length, "seed " + seed + " round " + round);
        // Every shorter prefix of an accepted header must ask for more, not fail or accept.
        for (int n = 1; n < full.length(); n++) {
            try {
                assertNull(ProxyHeaderParser.parse(input, n, true, true), "seed " + seed + " round " + round + " n " + n);
            } catch (ProxyHeaderException e) {
                fail("seed " + seed + " round " + round + ": prefix of " + n + " rejected: " + e.getMessage());
            }
        }
    }
}
