package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * External tools a test drives (nc). Absent outside CI, the test is skipped with a message;
 * absent under {@code CI=true}, it fails: CI must install it ({@code .ci/run}).
 */
final class CommandLineTools {

    private CommandLineTools() {
    }

    /** The tool's path on {@code PATH}. */
    static String require(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(tool + " is not installed; .ci/run installs it");
        }
        assumeTrue(false, tool + " is not installed: test skipped");
        return null;
    }
}
