package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a lost connection is tried again, on made-up times. */
class OutageTest {

    private static final long MS = 1_000_000;
    private static final long BUDGET = 1000 * MS;

    @Test
    void triesAtOnceThenBacksOffDoublingUpToASecond() {
        Outage outage = new Outage();
        assertEquals(0, outage.nextAttempt(0, 10 * BUDGET));
        assertEquals(50 * MS, outage.nextAttempt(0, 10 * BUDGET));
        assertEquals(100 * MS + 50 * MS, outage.nextAttempt(50 * MS, 10 * BUDGET));
        long now = 150 * MS;
        for (int i = 0; i < 10; i++) {
            now = outage.nextAttempt(now, 10 * BUDGET);
        }
        assertEquals(1000 * MS, outage.nextAttempt(now, 10 * BUDGET) - now, "capped at a second");
    }

    @Test
    void givesUpOnceTheBudgetIsSpentAndNeverWaitsPastIt() {
        Outage outage = new Outage();
        outage.nextAttempt(0, BUDGET);
        assertEquals(BUDGET, outage.nextAttempt(980 * MS, BUDGET), "the last wait ends at the budget");
        assertEquals(Outage.GIVE_UP, outage.nextAttempt(BUDGET, BUDGET));
    }

    @Test
    void aReplyStartsAFreshOutage() {
        Outage outage = new Outage();
        outage.nextAttempt(0, BUDGET);
        outage.nextAttempt(0, BUDGET);
        outage.replied();
        assertEquals(2000 * MS, outage.nextAttempt(2000 * MS, BUDGET), "at once again, with a new budget");
        assertEquals(2000 * MS + BUDGET, outage.deadline(BUDGET));
    }
}
