package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The edge options on the command line: parsed into the configuration, bad values exit 2 naming the option. */
@Timeout(30)
class EdgeOptionsTest {

    private final StringWriter err = new StringWriter();
    private final List<TsServerConfig> configs = new ArrayList<>();

    private int run(String... args) {
        ServerLifecycle lifecycle = (TsServer server) -> configs.add(server.config());
        CommandLine commandLine = ServerCommand.newCommandLine(lifecycle);
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void optionsReachTheConfiguration() throws Exception {
        assertEquals(0, run("--port", "0", "--allow", "127.0.0.0/8,::1", "--deny", "127.0.0.9",
                "--max-connections-per-source", "3", "--udp-rate-per-source", "50",
                "--proxy-protocol", "any", "--proxy-trusted", "10.0.0.0/8", "--proxy-trusted", "127.0.0.1"), err.toString());
        var edge = configs.get(0).edge();
        assertTrue(edge.access().permits(InetAddress.getByName("127.0.0.1")));
        assertTrue(edge.access().permits(InetAddress.getByName("::1")));
        assertTrue(!edge.access().permits(InetAddress.getByName("127.0.0.9")));
        assertEquals(3, edge.maxConnectionsPerSource());
        assertEquals(50, edge.udpRatePerSource());
        assertEquals(ProxyProtocolSettings.Mode.ANY, edge.proxyProtocol().mode());
        assertEquals(2, edge.proxyProtocol().trusted().size());
    }

    @Test
    void defaultsAreTheSpecs() {
        assertEquals(0, run("--port", "0"), err.toString());
        var edge = configs.get(0).edge();
        assertTrue(edge.access().isOpen());
        assertEquals(0, edge.maxConnectionsPerSource());
        assertEquals(0, edge.udpRatePerSource());
        assertEquals(ProxyProtocolSettings.Mode.OFF, edge.proxyProtocol().mode());
        assertEquals("[127.0.0.0/8, ::1/128]", edge.proxyProtocol().trusted().toString());
    }

    @Test
    void badValuesExitTwoNamingTheOption() {
        String[][] cases = {
            {"--allow", "10.0.0.0/33"},
            {"--deny", "example.com"},
            {"--proxy-trusted", "10.0.0.1,,10.0.0.2"},
            {"--proxy-protocol", "v3"},
            {"--max-connections-per-source", "-1"},
            {"--udp-rate-per-source", "many"},
        };
        for (String[] args : cases) {
            err.getBuffer().setLength(0);
            assertEquals(2, run("--port", "0", args[0], args[1]), String.join(" ", args));
            String message = err.toString().strip();
            assertTrue(message.contains(args[0]) && !message.contains("\n"), message);
        }
    }
}
