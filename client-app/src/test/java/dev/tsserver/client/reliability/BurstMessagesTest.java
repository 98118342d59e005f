package dev.tsserver.client.reliability;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BurstMessagesTest {

    private static int numberOf(String reply) {
        byte[] bytes = reply.getBytes(US_ASCII);
        return BurstMessages.numberOf(bytes, 0, bytes.length);
    }

    @Test
    void aMessageStartsWithItsNumberAndHasItsSize() {
        byte[] message = BurstMessages.payload(42, 16);
        assertEquals(16, message.length);
        assertEquals("000042.", new String(message, 0, 7, US_ASCII));
        for (int i = 7; i < message.length; i++) {
            assertEquals(true, message[i] >= 'a' && message[i] <= 'z', "letters only after the number");
        }
    }

    @Test
    void theNumberIsReadBackFromTheReply() {
        String reply = "[Tue Nov 24 14:03:39 2026] " + new String(BurstMessages.payload(4321, 64), US_ASCII);
        assertEquals(4321, numberOf(reply));
        assertEquals(0, numberOf("[0] " + new String(BurstMessages.payload(0, 7), US_ASCII)));
    }

    @Test
    void theNumberIsReadWithinTheGivenRange() {
        byte[] framed = ("xx[1] 000007.abc").getBytes(US_ASCII);
        assertEquals(7, BurstMessages.numberOf(framed, 2, framed.length - 2));
    }

    @Test
    void repliesOfAnotherShapeHaveNoNumber() {
        assertEquals(-1, numberOf("ERROR line too long (max 10 bytes)"));
        assertEquals(-1, numberOf("[no closing bracket 000001.abc"));
        assertEquals(-1, numberOf("[1] 0001.abc"));
        assertEquals(-1, numberOf("[1] 00000x.abc"));
        assertEquals(-1, numberOf("[1] 000001x"));
        assertEquals(-1, numberOf(""));
    }

    @Test
    void tooSmallOrOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BurstMessages.payload(1, 6));
        assertThrows(IllegalArgumentException.class, () -> BurstMessages.payload(1_000_000, 16));
    }
}
