package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeps the README's "Embed it" example compiling, working, and identical to the README. */
@Timeout(30)
class ReadmeExampleTest {

    @Test
    void embedExampleRuns() throws Exception {
        // README:begin
        try (TsServer server = TsServer.builder()
                .host("127.0.0.1")
                .port(0)                          // any free port
                .codec("length")                  // 4-byte big-endian length prefix
                .timeFormat(TimestampFormat.ISO)
                .zone(ZoneId.of("UTC"))
                .start()) {
            InetSocketAddress address = server.tcpAddress();   // the real port
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
                out.writeInt(payload.length);
                out.write(payload);
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                System.out.println(new String(reply, StandardCharsets.UTF_8));
                // [2026-11-24T14:03:39.123Z] hello
                // README:end
                assertTrue(new String(reply, StandardCharsets.UTF_8).matches("\\[[-0-9T:.]+Z] hello"));
            }
        } // close() stops gracefully: unbind, answer what was read, flush, close connections
    }

    @Test
    void readmeShowsThisExampleVerbatim() throws Exception {
        Path readme = Path.of("..", "README.md");
        Path source = Path.of("src", "test", "java", "dev", "tsserver", "core", "ReadmeExampleTest.java");
        String code = Files.readString(source);
        String region = code.substring(code.indexOf("// README:begin") + "// README:begin".length(),
                code.indexOf("// README:end"));
        String readmeText = Files.readString(readme);
        for (String line : region.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            assertTrue(readmeText.contains(line), "README is missing the example line: " + line);
        }
        assertEquals(-1, readmeText.indexOf("README:begin"), "markers stay out of the README");
    }
}
