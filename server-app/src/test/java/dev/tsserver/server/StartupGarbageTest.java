package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartupGarbageTest {

    @AfterEach
    void clearSwitch() {
        System.clearProperty(StartupGarbage.PROPERTY);
    }

    @Test
    void collectsOnceByDefault() {
        AtomicInteger runs = new AtomicInteger();
        assertTrue(StartupGarbage.collect(runs::incrementAndGet));
        assertTrue(runs.get() == 1, "ran " + runs.get() + " times");
    }

    @Test
    void theSwitchTurnsItOff() {
        System.setProperty(StartupGarbage.PROPERTY, "false");
        AtomicInteger runs = new AtomicInteger();
        assertFalse(StartupGarbage.collect(runs::incrementAndGet));
        assertTrue(runs.get() == 0);
    }

    @Test
    void theRealCollectionRuns() {
        long before = collections();
        assertTrue(StartupGarbage.collect());
        long after = collections();
        assertTrue(after > before, "collections counted by the JVM: " + before + " before, " + after + " after");
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(n -> n > 0).sum();
    }
}
