package dev.tsserver.core.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import dev.tsserver.core.TsServer;

/**
 * A server in a child JVM for memory tests: prints {@code port N}, then answers each {@code gc}
 * line on stdin with {@code heap USED queued BYTES open N} after a full GC; stops at end of input.
 * Arguments: the reply memory budget in bytes.
 */
public final class ForkedServerMain {

    private ForkedServerMain() {
    }

    public static void main(String[] args) throws Exception {
        TsServer server = TsServer.builder().host("127.0.0.1").port(0)
                .maxQueuedReplyBytes(Long.parseLong(args[0])).start();
        System.out.println("port " + server.tcpAddress().getPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String command = in.readLine(); command != null; command = in.readLine()) {
            if (command.equals("gc")) {
                System.gc();
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.println("heap " + used + " queued " + server.queuedReplyBytes() + " open " + server.openConnections());
                System.out.flush();
            }
        }
        server.close();
    }
}
