package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
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

    /** procfs reports a size of 0 and ends a read at offset 1: a reader sized from the file got "4" for 4096. */
    @Test
    void readsTheWholeNumberFromProcfs() throws Exception {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        assumeTrue(Files.isReadable(somaxconn), "no " + somaxconn + " (not Linux)");
        byte[] buffer = new byte[64];
        int length;
        try (FileInputStream in = new FileInputStream(somaxconn.toFile())) {
            length = in.read(buffer);
        }
        int expected = Integer.parseInt(new String(buffer, 0, length, StandardCharsets.US_ASCII).trim());
        assertEquals(expected, ListenBacklog.kernelLimit(somaxconn));
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
