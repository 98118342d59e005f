package dev.tsserver.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The version Maven wrote into {@code version.properties} at build time. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"tsclient " + properties.getProperty("version", "unknown")
                + " (mina-core 2.2.10, Java " + Runtime.version() + ")"};
    }
}
