package dev.tsserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus's own {@code promtool check metrics} on a scrape. Without promtool the check
 * is skipped with a message, except under CI ({@code CI=true}), where it fails: CI installs the
 * Debian {@code prometheus} package.
 */
final class Promtool {

    private Promtool() {
    }

    static String path() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, "promtool");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("promtool not found under CI: .ci/run installs the Debian package 'prometheus'");
        }
        Assumptions.abort("promtool not found: install the Debian package 'prometheus' to run this check");
        return null;
    }

    static void assertValid(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(path(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish in 30 s");
        }
        assertEquals(0, process.exitValue(), "promtool check metrics:\n" + output);
    }
}
