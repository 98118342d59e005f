package dev.tsserver.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks {@code tsserver-VERSION.tar.gz} into a temporary folder, as a user would, and runs
 * its launchers end to end: the server on port 0, the client's {@code send} against it, SIGTERM,
 * exit 0. Also checks the layout, that the configuration file lists every option, and the
 * systemd unit with {@code systemd-analyze verify} when the machine has it.
 */
@Timeout(120)
class DistributionIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path unpacked;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("tsserver.archive"));
        assertTrue(Files.isRegularFile(archive), "archive built by mvn package: " + archive);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tar.exitValue(), output);
        home = unpacked.resolve(System.getProperty("tsserver.distName"));
    }

    @Test
    void hasTheDocumentedLayout() {
        for (String file : List.of("bin/tsserver", "bin/tsclient")) {
            assertTrue(Files.isExecutable(home.resolve(file)), file + " executable");
        }
        for (String file : List.of("lib/tsserver.jar", "lib/tsclient.jar", "conf/tsserver.properties",
                "conf/logback.xml", "systemd/tsserver.service", "README.md", "plugins/README.txt")) {
            assertTrue(Files.isRegularFile(home.resolve(file)), file);
        }
        if (Files.isRegularFile(Path.of(System.getProperty("tsserver.licence")))) {
            assertTrue(Files.isRegularFile(home.resolve("LICENSE")), "the repository's LICENSE is shipped");
        }
    }

    @Test
    void serverAndClientLaunchersWorkEndToEndAndSigtermStopsCleanly() throws Exception {
        Path stderr = unpacked.resolve("server.err");
        Process server = launcher("tsserver", Map.of(), "--port", "0").redirectError(stderr.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            String ready = stdout.readLine();
            Matcher m = READY.matcher(String.valueOf(ready));
            assertTrue(m.find(), "ready line, got: " + ready + "\n" + Files.readString(stderr));
            Run client = run(launcher("tsclient", Map.of(), "--host", "127.0.0.1", "--port", m.group(1), "send",
                    "hello", "from the archive"));
            assertEquals(0, client.exit, client.output);
            String[] replies = client.output.strip().split("\n");
            assertEquals(2, replies.length, client.output);
            assertTrue(replies[0].matches("\\[[^]]+] hello"), replies[0]);
            assertTrue(replies[1].matches("\\[[^]]+] from the archive"), replies[1]);

            server.destroy(); // SIGTERM, to the JVM itself since the launcher exec'd it
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(0, server.exitValue(), Files.readString(stderr));
            String log = Files.readString(stderr);
            assertTrue(log.contains("...connected from: 127.0.0.1:"), log);
            assertTrue(log.contains("stopped"), log);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void javaOptsReachTheJvm() throws Exception {
        Run run = run(launcher("tsserver", Map.of("JAVA_OPTS", "-XshowSettings:properties -version"), "--port", "0"));
        assertEquals(0, run.exit, run.output);
        assertTrue(run.output.contains("java.home"), "java printed its settings instead of starting: " + run.output);
    }

    @Test
    void aBadJavaHomeIsOneLineAndExitOne() throws Exception {
        Run run = run(launcher("tsclient", Map.of("JAVA_HOME", unpacked.resolve("no-jdk").toString()), "--help"));
        assertEquals(1, run.exit, run.output);
        assertEquals("tsclient: JAVA_HOME is " + unpacked.resolve("no-jdk") + " but " + unpacked.resolve("no-jdk")
                + "/bin/java is not an executable", run.output.strip());
    }

    @Test
    void configFileListsEveryOptionAndIsReadByDefault() throws Exception {
        Run printed = run(launcher("tsserver", Map.of(), "--print-config"));
        assertEquals(0, printed.exit, printed.output);
        TreeSet<String> effectiveKeys = keysOf(printed.output, false);
        TreeSet<String> templateKeys = keysOf(Files.readString(home.resolve("conf/tsserver.properties")), true);
        assertTrue(templateKeys.containsAll(effectiveKeys), "conf/tsserver.properties lists every option: missing "
                + difference(effectiveKeys, templateKeys));

        Path conf = home.resolve("conf/tsserver.properties");
        String original = Files.readString(conf);
        try {
            Files.writeString(conf, original + "\nmax-frame=777\n");
            Run edited = run(launcher("tsserver", Map.of(), "--print-config"));
            Properties effective = new Properties();
            effective.load(new java.io.StringReader(edited.output));
            assertEquals("777", effective.getProperty("max-frame"), edited.output);
        } finally {
            Files.writeString(conf, original);
        }
    }

    @Test
    void systemdUnitVerifies() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        if (!Files.isExecutable(analyze)) {
            org.junit.jupiter.api.Assumptions.abort("systemd-analyze not on this machine");
        }
        String unit = Files.readString(home.resolve("systemd/tsserver.service"));
        assertTrue(unit.contains("\nType=exec\n") && unit.contains("\nKillSignal=SIGTERM\n")
                && unit.contains("\nNoNewPrivileges=yes\n") && unit.contains("\nProtectSystem=strict\n")
                && unit.contains("\nDynamicUser=yes\n"), unit);
        Matcher stop = Pattern.compile("\nTimeoutStopSec=(\\d+)\n").matcher(unit);
        assertTrue(stop.find() && Integer.parseInt(stop.group(1)) > 5, "above the 5 s stop limit");
        // verify checks that ExecStart exists: point it at this unpacked copy.
        Path copy = unpacked.resolve("tsserver.service");
        Files.writeString(copy, unit.replace("/opt/tsserver/", home + "/"));
        Run verify = run(new ProcessBuilder(analyze.toString(), "verify", copy.toString()));
        assertEquals(0, verify.exit, verify.output);
        for (String line : verify.output.split("\n")) {
            assertTrue(!line.contains("tsserver.service"), "no complaint about the unit: " + verify.output);
        }
    }

    private static TreeSet<String> keysOf(String properties, boolean commentedOut) {
        TreeSet<String> keys = new TreeSet<>();
        Pattern key = Pattern.compile(commentedOut ? "^#([a-z][a-z0-9-]*)(\\.1)?=" : "^#?([a-z][a-z0-9-]*)(\\.\\d+)?=");
        for (String line : properties.split("\n")) {
            Matcher m = key.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static List<String> difference(TreeSet<String> all, TreeSet<String> some) {
        List<String> missing = new ArrayList<>(all);
        missing.removeAll(some);
        return missing;
    }

    private static ProcessBuilder launcher(String name, Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(name).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TSSERVER_") || k.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extraEnv);
        return builder;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("did not finish in 60 s: " + builder.command());
        }
        return new Run(process.exitValue(), output);
    }

    static {
        if (File.separatorChar != '/') {
            throw new IllegalStateException("the launchers are POSIX sh");
        }
    }
}
