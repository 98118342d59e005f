package dev.tsserver.client.bench;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Placeholder until the load generator lands (issue 4). */
@Command(name = "bench", description = "Load generator: throughput and latency percentiles.")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tsclient: bench is not built yet");
        return 1;
    }
}
