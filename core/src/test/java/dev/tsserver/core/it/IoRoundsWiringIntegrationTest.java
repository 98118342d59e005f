package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.internal.IoRounds;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The slow-reader fairness rests on every TCP I/O thread having rounds
 * ({@link IoRounds}): without them the reply memory filter quietly resumes held input at once
 * and the tests of the bounds still pass. So check, from a handler on the I/O thread, that its
 * thread has rounds and that they turn between one read and the next.
 */
@Timeout(30)
class IoRoundsWiringIntegrationTest {

    /** Answers each message with the I/O round it was handled in, or "none". */
    private static final class RoundReportingHandler extends IoHandlerAdapter {
        @Override
        public void messageReceived(IoSession session, Object message) {
            IoRounds rounds = IoRounds.ofCurrentThread();
            String answer = rounds == null ? "none" : Long.toString(rounds.current());
            session.write(answer.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void eachTcpIoThreadHasRoundsThatAdvanceBetweenReads() throws Exception {
        try (TsServer server = Servers.loopback().handler(new RoundReportingHandler()).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("first\n");
            String first = client.readLineText();
            client.send("second\n");
            String second = client.readLineText();
            assertTrue(first.matches("\\d+"), "the I/O thread has no rounds: " + first);
            assertTrue(Long.parseLong(second) > Long.parseLong(first),
                    "a read after a round trip comes in a later round: " + first + " then " + second);
        }
    }
}
