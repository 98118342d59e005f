package dev.tsserver.client.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.tsserver.codec.wire.ReplyPrefix;
import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.core.time.TimestampFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client's prefix rules accept what the server's formatter renders, in every format and
 * zone, and the allowance for the longest prefix covers it: the two ends cannot drift apart.
 */
class ReplyPrefixAgainstServerFormatsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "CTIME,UTC,2026-11-24T14:03:39Z",
        "CTIME,Asia/Shanghai,1970-01-01T00:00:00Z",
        "ISO,UTC,2026-11-24T14:03:39.123Z",
        "ISO,Asia/Shanghai,2026-11-24T14:03:39.123Z",
        "ISO,America/St_Johns,2026-07-01T00:00:00Z",
        "ISO,Asia/Kolkata,1900-01-01T00:00:00Z",
        "ISO,Europe/Amsterdam,1900-01-01T00:00:00Z",
        "EPOCH,UTC,2026-11-24T14:03:39.123Z",
        "EPOCH,UTC,1969-12-31T23:59:59.999Z",
        "ISO,UTC,+12026-01-01T00:00:00Z",
    })
    void everyRenderedPrefixIsRecognisedAndFitsTheAllowance(TimestampFormat format, String zone, String instant) {
        Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        byte[] prefix = new TimestampFormatter(format, ZoneId.of(zone), clock).prefix();
        byte[] reply = new byte[prefix.length + 2];
        System.arraycopy(prefix, 0, reply, 0, prefix.length);
        reply[prefix.length] = 'h';
        reply[prefix.length + 1] = 'i';
        assertEquals(prefix.length, ReplyPrefix.length(reply), new String(prefix));
        assertTrue(prefix.length <= ReplyPrefix.MAX_LENGTH, new String(prefix));
        assertTrue(ReplyProtocol.TS.answers(reply, new byte[] {'h', 'i'}));
    }
}
