package dev.tsserver.core.edge;

import java.io.File;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a tool a test needs (haproxy, openssl, python3). Outside CI a missing tool skips the
 * test with a message saying what to install; under {@code CI=true} it fails it, since CI is
 * meant to install it (.ci/run).
 */
final class ExternalTool {

    private ExternalTool() {
    }

    static String require(String name, String debianPackage, String... candidates) {
        Optional<String> found = find(name, candidates);
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " not found: install the Debian package '" + debianPackage
                + "' (apt-get install -y " + debianPackage + ") to run this test";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: .ci/run should have installed it)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static Optional<String> find(String name, String... candidates) {
        for (String candidate : candidates) {
            if (new File(candidate).canExecute()) {
                return Optional.of(candidate);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                File file = new File(dir, name);
                if (file.canExecute()) {
                    return Optional.of(file.getPath());
                }
            }
        }
        return Optional.empty();
    }
}
