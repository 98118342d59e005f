package dev.tsserver.client.boundaries;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Placeholder until the boundary experiment lands (issue 3). */
@Command(name = "boundaries", description = "The boundary experiment: TCP raw vs line vs length vs UDP.")
public final class BoundariesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tsclient: boundaries is not built yet");
        return 1;
    }
}
