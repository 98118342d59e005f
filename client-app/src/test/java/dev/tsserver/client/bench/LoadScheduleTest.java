package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The issue schedule on made-up times: no clock, no sockets. */
class LoadScheduleTest {

    private static final long MS = 1_000_000;

    private static BenchConnection[] usable(int count, int capacity) {
        BenchConnection[] connections = new BenchConnection[count];
        for (int i = 0; i < count; i++) {
            connections[i] = new BenchConnection(i, capacity, 16, 16);
            connections[i].open = true;
        }
        return connections;
    }

    @Test
    void closedLoopMeasuresOnlyAfterTheWarmUpAndStopsAtTheQuota() {
        LoadSchedule schedule = new LoadSchedule(true, 2, 0);
        schedule.start(new Window(0, 100 * MS, Window.OPEN_END));
        Outstanding r = new Outstanding(8);
        assertTrue(schedule.issueClosedLoop(r, 50 * MS));
        assertFalse(r.headMeasured(), "a warm-up request is not measured");
        assertTrue(schedule.issueClosedLoop(r, 100 * MS));
        assertTrue(schedule.issueClosedLoop(r, 101 * MS));
        assertEquals(0, schedule.quota());
        assertFalse(schedule.issueClosedLoop(r, 102 * MS), "the quota is used");
        assertFalse(schedule.issuing(102 * MS));
        assertEquals(3, r.queued());
    }

    @Test
    void durationModeIssuesUntilTheWindowEnds() {
        LoadSchedule schedule = new LoadSchedule(false, 0, 0);
        schedule.start(new Window(0, 10 * MS, 20 * MS));
        assertTrue(schedule.issuing(19 * MS));
        assertFalse(schedule.issuing(20 * MS));
        assertEquals(5 * MS, schedule.waitNanos(15 * MS, true), "wakes at the window's end");
        assertEquals(10 * MS, schedule.waitNanos(0, true), "wakes when measuring starts");
    }

    @Test
    void fixedRateHandsDueRequestsRoundRobinAtTheirDueTimes() {
        LoadSchedule schedule = new LoadSchedule(false, 0, 1000); // one every millisecond
        schedule.start(new Window(0, 0, 1000 * MS));
        BenchConnection[] connections = usable(3, 8);
        List<Integer> order = new ArrayList<>();
        assertEquals(0, schedule.scheduleDue(4 * MS, connections, c -> order.add(c.id)));
        assertEquals(List.of(0, 1, 2, 0, 1), order, "due at 0, 1, 2, 3 and 4 ms");
        assertEquals(0, connections[0].outstanding.headDue());
        assertEquals(MS, schedule.waitNanos(4 * MS, true), "the next is due at 5 ms");
        assertFalse(schedule.issueClosedLoop(connections[0].outstanding, 4 * MS), "no closed loop at a fixed rate");
    }

    @Test
    void fixedRateSkipsWhatAFullConnectionCannotQueueAndPassesOverLostOnes() {
        LoadSchedule schedule = new LoadSchedule(false, 0, 1000);
        schedule.start(new Window(0, 0, 1000 * MS));
        BenchConnection[] connections = usable(2, 1);
        connections[1].open = false;
        List<Integer> order = new ArrayList<>();
        assertEquals(2, schedule.scheduleDue(2 * MS, connections, c -> order.add(c.id)));
        assertEquals(List.of(0), order, "only the usable connection, and only once: its capacity is 1");
        connections[1].reconnecting = true;
        schedule.scheduleDue(3 * MS, connections, c -> order.add(c.id));
        assertEquals(List.of(0, 1), order, "a connection being reconnected still takes requests");
    }
}
