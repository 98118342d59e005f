package dev.tsserver.example.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The plug-in as a user runs it: the server jar and this module's jar on one class path,
 * {@code --codec varint}, real loopback sockets. Needs {@code server-app/target/tsserver.jar}
 * (the reactor builds server-app first); the paths come from failsafe's system properties.
 */
@Timeout(60)
class VarintCodecServerIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern REPLY = Pattern.compile("\\[\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}] (.*)",
            Pattern.DOTALL);
    private static final int MAX_FRAME = 1000;

    private Process server;
    private Path stderr;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        Path serverJar = existing("tsserver.jar", "mvn -B package -pl server-app -am -DskipTests");
        Path pluginJar = existing("plugin.jar", "mvn -B package -pl examples/codec-plugin -am -DskipTests");
        stderr = Files.createTempFile("tsserver-varint", ".err");
        server = new ProcessBuilder(javaBinary(), "-cp", serverJar + File.pathSeparator + pluginJar,
                "dev.tsserver.server.TsServerMain", "--codec", VarintCodecProvider.NAME, "--port", "0",
                "--max-frame", String.valueOf(MAX_FRAME))
                .redirectError(stderr.toFile())
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
        String ready = stdout.readLine();
        Matcher m = READY.matcher(String.valueOf(ready));
        assertTrue(m.find(), () -> "ready line, got: " + ready + "; stderr: " + log());
        port = Integer.parseInt(m.group(1));
    }

    @AfterEach
    void stopServer() throws Exception {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }

    @Test
    void theServerAnswersVarintFramesWithVarintFrames() throws Exception {
        List<String> messages = List.of("hello", "", "x".repeat(300), "gr\u00fc\u00df dich");
        try (Socket socket = connect()) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            for (String message : messages) {
                byte[] payload = message.getBytes(StandardCharsets.UTF_8);
                Varint.writeVarint(frames, payload.length);
                frames.writeBytes(payload);
            }
            // All in one write: the server must find every boundary itself.
            socket.getOutputStream().write(frames.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (String message : messages) {
                String reply = new String(readFrame(in), StandardCharsets.UTF_8);
                Matcher m = REPLY.matcher(reply);
                assertTrue(m.matches(), reply);
                assertEquals(message, m.group(1));
            }
        }
    }

    @Test
    void aFrameOverMaxFrameClosesThatConnectionOnly() throws Exception {
        try (Socket bad = connect(); Socket good = connect()) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            Varint.writeVarint(header, MAX_FRAME + 1);
            bad.getOutputStream().write(header.toByteArray());
            assertEquals(-1, bad.getInputStream().read(), "the server closes a stream it cannot frame");

            OutputStream out = good.getOutputStream();
            out.write(new byte[] {2, 'o', 'k'});
            Matcher m = REPLY.matcher(new String(readFrame(new DataInputStream(good.getInputStream())),
                    StandardCharsets.UTF_8));
            assertTrue(m.matches());
            assertEquals("ok", m.group(1));
        }
        assertTrue(log().contains("exceeds max frame " + MAX_FRAME), this::log);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        long length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return payload;
    }

    private String log() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    private static Path existing(String property, String howToBuild) {
        String value = System.getProperty(property);
        assertTrue(value != null, () -> "system property " + property + " not set: run through failsafe (mvn verify)");
        Path path = Path.of(value);
        assertTrue(Files.isRegularFile(path), () -> path + " missing; build it first: " + howToBuild);
        return path;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
