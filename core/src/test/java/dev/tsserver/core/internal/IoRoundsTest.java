package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The rounds of an I/O loop, driven without a processor or sockets. */
class IoRoundsTest {

    @Test
    void roundsAreFoundOnlyOnTheThreadThatRunsTheirLoopAndOnlyWhileItRuns() throws Exception {
        IoRounds rounds = new IoRounds();
        assertNull(IoRounds.ofCurrentThread());
        rounds.enter();
        try {
            assertSame(rounds, IoRounds.ofCurrentThread());
            assertTrue(rounds.isCurrentThread());
            CompletableFuture<IoRounds> elsewhere = CompletableFuture.supplyAsync(IoRounds::ofCurrentThread);
            assertNull(elsewhere.get(30, TimeUnit.SECONDS), "another thread has no rounds");
            CompletableFuture<Boolean> ownerElsewhere = CompletableFuture.supplyAsync(rounds::isCurrentThread);
            assertFalse(ownerElsewhere.get(30, TimeUnit.SECONDS));
        } finally {
            rounds.exit();
        }
        assertNull(IoRounds.ofCurrentThread(), "a loop that ended leaves nothing behind");
        assertFalse(rounds.isCurrentThread());
    }

    @Test
    void aLoopRunAgainOnAnotherThreadKeepsItsRounds() throws Exception {
        IoRounds rounds = new IoRounds();
        rounds.enter();
        rounds.begin();
        rounds.exit();
        CompletableFuture<IoRounds> secondRun = CompletableFuture.supplyAsync(() -> {
            rounds.enter();
            try {
                rounds.begin();
                return IoRounds.ofCurrentThread();
            } finally {
                rounds.exit();
            }
        });
        assertSame(rounds, secondRun.get(30, TimeUnit.SECONDS));
        assertEquals(2, rounds.current(), "the round count goes on across runs of the loop");
    }

    @Test
    void deferredWorkRunsAtTheStartOfTheNextRoundAndWhatItDefersWaitsForTheOneAfter() {
        IoRounds rounds = new IoRounds();
        List<String> ran = new ArrayList<>();
        rounds.begin();
        long first = rounds.current();
        rounds.defer(() -> ran.add("a"));
        rounds.defer(() -> {
            ran.add("b");
            rounds.defer(() -> ran.add("c"));
        });
        assertTrue(rounds.hasDeferred(), "the loop must not block in select() now");
        assertEquals(List.of(), ran, "nothing runs before the next round");

        rounds.begin();
        assertEquals(first + 1, rounds.current());
        assertEquals(List.of("a", "b"), ran, "in the order they were put off");
        assertTrue(rounds.hasDeferred());

        rounds.begin();
        assertEquals(List.of("a", "b", "c"), ran);
        assertFalse(rounds.hasDeferred());
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        IoRounds rounds = new IoRounds();
        List<String> ran = new ArrayList<>();
        rounds.defer(() -> {
            throw new IllegalStateException("expected by the test");
        });
        rounds.defer(() -> ran.add("after"));
        rounds.begin();
        assertEquals(List.of("after"), ran);
    }

    @Test
    void theReplyBudgetOfARoundIsSpentAtItsLimitAndRenewedByTheNextRound() {
        IoRounds rounds = new IoRounds();
        rounds.begin();
        rounds.spend(IoRounds.ROUND_REPLY_BYTES - 1);
        assertFalse(rounds.roundSpent());
        rounds.spend(1);
        assertTrue(rounds.roundSpent());
        rounds.begin();
        assertFalse(rounds.roundSpent());
    }
}
