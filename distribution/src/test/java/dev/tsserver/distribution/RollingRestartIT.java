package dev.tsserver.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 11: three instances of the real server jar behind a real HAProxy
 * (deploy/local-cluster.sh, deploy/haproxy/haproxy.cfg), a steady pipelined load from
 * 127.0.0.2 through the balancer, and every instance restarted in turn by
 * deploy/rolling-restart.sh while it runs. Nothing may be lost: every message is answered, every
 * reply is the answer; each instance served this client before and after its restart; and
 * each logged the client's own address, 127.0.0.2, which only the PROXY v2 header carries
 * (HAProxy connects from 127.0.0.1). Four connections are renewed every 4 s (so the instance
 * restarted last gets some); two live until a server's lossless stop closes them, so the
 * client's reconnect-and-resend path is always exercised too.
 *
 * <p>Every process is started by the scripts, recorded by PID in the test's own state
 * directory, and stopped by that PID ({@code local-cluster.sh stop}, then any survivor here).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RollingRestartIT {

    private static final int INSTANCES = 3;
    private static final int DRAIN_DELAY_SECONDS = 3;
    private static final String CLIENT_ADDRESS = "127.0.0.2";
    private static final Pattern FRONT = Pattern.compile("^front tcp://127\\.0\\.0\\.1:(\\d+)$", Pattern.MULTILINE);
    private static final Pattern CLOSED = Pattern.compile(
            "closed " + Pattern.quote(CLIENT_ADDRESS) + ":\\d+ after [0-9.]+ s: (\\d+) messages");

    @TempDir
    Path dir;

    private String haproxy;

    @Test
    void aRollingRestartUnderLoadLosesNothing() throws Exception {
        haproxy = requireHaproxy();
        Path repo = Path.of(System.getProperty("tsserver.repo")).toAbsolutePath().normalize();
        Path jar = repo.resolve("server-app/target/tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "server jar built by the reactor: " + jar);
        Path state = dir.resolve("cluster");
        long began = System.nanoTime();
        try {
            String started = script(repo, "local-cluster.sh", 150, String.valueOf(INSTANCES),
                    "--state-dir", state.toString(), "--jar", jar.toString(),
                    "--drain-delay", String.valueOf(DRAIN_DELAY_SECONDS));
            Matcher front = FRONT.matcher(started);
            assertTrue(front.find(), "front address printed: " + started);
            assertTrue(Files.readString(state.resolve("haproxy.cfg")).contains("send-proxy-v2"));
            InetSocketAddress balancer = new InetSocketAddress("127.0.0.1", Integer.parseInt(front.group(1)));

            ReconnectingLoad load = new ReconnectingLoad(balancer, InetAddress.getByName(CLIENT_ADDRESS), 4, 2, 8, 4_000);
            try (load) {
                load.start();
                awaitAnswered(load, 20_000);
                String restarts = script(repo, "rolling-restart.sh", 150, "--state-dir", state.toString(),
                        "--settle", "2");
                assertEquals(INSTANCES, count(restarts, "ready on tcp://"), restarts);
                // Renewed connections reach the instance restarted last once HAProxy's checks put it back.
                for (int i = 1; i <= INSTANCES; i++) {
                    awaitLogged(state.resolve("ts" + i + ".2.log"), "connected from: " + CLIENT_ADDRESS + ":", 30_000);
                }
                assertTrue(load.finish(60_000), "every message answered or given up within 60 s");
            }
            String summary = "sent " + load.sent + ", answered " + load.answered + ", resent " + load.resent
                    + ", reconnects " + load.reconnects + ", longest gap without replies " + load.longestGapMillis
                    + " ms, failures " + load.failures;
            System.out.println("rolling restart under load: " + summary);
            assertTrue(load.failures.isEmpty(), summary);
            assertEquals(0, load.invalid.get(), "invalid replies: " + summary);
            assertEquals(0, load.unanswered.get(), "lost messages: " + summary);
            assertEquals(load.sent.get(), load.answered.get(), "every message answered exactly once in order: " + summary);
            assertTrue(load.sent.get() > 1_000, "a steady load: " + summary);
            assertTrue(load.reconnects.get() >= 2, "each long-lived connection was ended by a stop: " + summary);

            script(repo, "local-cluster.sh", 60, "stop", "--state-dir", state.toString());
            for (int i = 1; i <= INSTANCES; i++) {
                for (int run = 1; run <= 2; run++) {
                    Path log = state.resolve("ts" + i + "." + run + ".log");
                    String text = Files.readString(log, StandardCharsets.UTF_8);
                    assertTrue(text.contains("...connected from: " + CLIENT_ADDRESS + ":"),
                            "ts" + i + " run " + run + " logged the client's real address: " + log);
                    assertTrue(messagesFromClient(text) > 0,
                            "ts" + i + " served the client " + (run == 1 ? "before" : "after") + " its restart: " + log);
                }
                assertTrue(Files.readString(state.resolve("ts" + i + ".1.log")).contains("drain delay"),
                        "ts" + i + " went through its drain delay");
            }
            System.out.println("rolling restart test took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began)
                    + " s");
        } finally {
            stopEverythingStarted(repo, state);
        }
    }

    /** The number of messages in this log's close lines for connections from the client. */
    private static long messagesFromClient(String log) {
        long messages = 0;
        Matcher closed = CLOSED.matcher(log);
        while (closed.find()) {
            messages += Long.parseLong(closed.group(1));
        }
        return messages;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String script(Path repo, String name, int limitSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("deploy").resolve(name).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, name, ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // Small heaps and the quick compiler: three JVMs start beside the build on a shared machine.
        builder.environment().put("JAVA_OPTS", "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", new File(haproxy).getParent() + File.pathSeparator
                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        try {
            if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                fail(name + " did not finish within " + limitSeconds + " s: " + Files.readString(output));
            }
        } finally {
            process.destroyForcibly(); // this script's own PID; a no-op once it has exited
        }
        String text = Files.readString(output);
        System.out.println(text.strip());
        assertEquals(0, process.exitValue(), name + " failed: " + text);
        return text;
    }

    private static void awaitAnswered(ReconnectingLoad load, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (load.answered.get() < 1_000) {
            assertTrue(System.nanoTime() < deadline, "the load got going through HAProxy: " + load.failures);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling a counter
        }
    }

    /** Polls another process's log file, bounded: there is nothing else to wait on. */
    private static void awaitLogged(Path log, String text, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!Files.isRegularFile(log) || !Files.readString(log).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in " + log + " within " + timeoutMillis + " ms");
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * The scripts' own stop first; then any PID this state directory recorded that still runs
     * what the cluster started (the jar, or HAProxy with this directory's config) is killed.
     */
    private void stopEverythingStarted(Path repo, Path state) throws Exception {
        if (!Files.isDirectory(state)) {
            return;
        }
        try {
            script(repo, "local-cluster.sh", 60, "stop", "--state-dir", state.toString());
        } catch (AssertionError | Exception e) {
            System.out.println("cluster stop: " + e);
        }
        try (var files = Files.list(state)) {
            for (Path pidFile : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                boolean ours = process.flatMap(p -> p.info().commandLine())
                        .map(line -> line.contains("tsserver.jar") || line.contains(state.toString())).orElse(false);
                if (ours) {
                    process.get().destroyForcibly();
                }
            }
        }
    }

    /** HAProxy is required: skipped with a message outside CI, failed under CI=true (.ci/run installs it). */
    private static String requireHaproxy() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/local/sbin/haproxy")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(path, "haproxy").canExecute()) {
                return new File(path, "haproxy").getPath();
            }
        }
        String message = "haproxy not found: install the Debian package 'haproxy' (apt-get install -y haproxy) "
                + "to run the rolling-restart proof";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " (CI=true: .ci/run should have installed it)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
