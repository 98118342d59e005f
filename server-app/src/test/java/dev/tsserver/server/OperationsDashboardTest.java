package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.core.TsServer;
import dev.tsserver.metrics.AdminServer;
import dev.tsserver.metrics.ServerMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard in {@code deploy/grafana/} parses as JSON, and every query in it names
 * only metrics a live admin endpoint exports (so a renamed metric cannot leave a blank panel).
 */
@Timeout(60)
class OperationsDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "tsserver-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:tsserver|jvm|process)_[a-z0-9_]+)\\b");

    @Test
    @SuppressWarnings("unchecked")
    void everyQueryNamesExportedMetrics() throws Exception {
        Map<String, Object> dashboard = (Map<String, Object>) Json.parse(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        for (Object panel : (List<Object>) dashboard.get("panels")) {
            for (Object target : (List<Object>) ((Map<String, Object>) panel).get("targets")) {
                queries.add((String) ((Map<String, Object>) target).get("expr"));
            }
        }
        assertTrue(queries.size() >= 10, "a dashboard worth the name: " + queries.size() + " queries");

        Set<String> exported = exportedSeriesNames();
        Set<String> usedTsserver = new HashSet<>();
        for (String query : queries) {
            Matcher m = METRIC.matcher(query);
            boolean any = false;
            while (m.find()) {
                any = true;
                assertTrue(exported.contains(m.group(1)), "query names " + m.group(1) + ", not exported: " + query);
                if (m.group(1).startsWith("tsserver_")) {
                    usedTsserver.add(m.group(1));
                }
            }
            assertTrue(any, "query names no metric: " + query);
        }
        Set<String> unused = new HashSet<>();
        for (String name : exported) {
            if (name.startsWith("tsserver_") && !usedTsserver.contains(name)) {
                unused.add(name);
            }
        }
        assertEquals(Set.of(), unused, "every tsserver_ metric has a panel");
    }

    /** Series names of a real scrape: {@code name} of each sample line, suffixes included. */
    private static Set<String> exportedSeriesNames() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start();
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
                     ServerMetrics.newRegistry(server.stats()), () -> true)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.address().getPort() + "/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            Set<String> names = new HashSet<>();
            for (String line : response.body().split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertFalse(names.isEmpty());
            return names;
        }
    }
}
