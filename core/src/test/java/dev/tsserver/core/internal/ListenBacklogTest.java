package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.tsserver.core.ListenerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default listen backlog follows the kernel's limit, falls back to 4,096, and yields to the property. */
class ListenBacklogTest {

    @TempDir
    Path dir;

    @Test
    void readsTheKernelLimitFromItsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("somaxconn"), "65535\n");
        assertEquals(65535, ListenBacklog.kernelLimit(file));
    }

    @Test
    void fallsBackWhenTheFileIsMissingUnreadableOrNotAPositiveNumber() throws Exception {
        assertEquals(ListenBacklog.FALLBACK, ListenBacklog.kernelLimit(dir.resolve("absent")));
        assertEquals(ListenBacklog.FALLBACK, ListenBacklog.kernelLimit(Files.writeString(dir.resolve("text"), "many\n")));
        assertEquals(ListenBacklog.FALLBACK, ListenBacklog.kernelLimit(Files.writeString(dir.resolve("zero"), "0\n")));
        assertEquals(4096, ListenBacklog.FALLBACK);
    }

    @Test
    void thePropertyWinsAndAListenerTakesTheDefault() {
        String before = System.getProperty(ListenBacklog.BACKLOG_PROPERTY);
        try {
            System.setProperty(ListenBacklog.BACKLOG_PROPERTY, "1024");
            assertEquals(1024, ListenBacklog.defaultBacklog());
            assertEquals(1024, ListenerSettings.builder().build().backlog());
            System.setProperty(ListenBacklog.BACKLOG_PROPERTY, "-3");
            assertEquals(ListenBacklog.kernelLimit(Path.of("/proc/sys/net/core/somaxconn")), ListenBacklog.defaultBacklog());
        } finally {
            if (before == null) {
                System.clearProperty(ListenBacklog.BACKLOG_PROPERTY);
            } else {
                System.setProperty(ListenBacklog.BACKLOG_PROPERTY, before);
            }
        }
    }
}
