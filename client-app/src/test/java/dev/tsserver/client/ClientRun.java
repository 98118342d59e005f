package dev.tsserver.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/** One in-process run of {@code tsclient}: its exit code, the bytes it printed and its stderr. */
record ClientRun(int exitCode, byte[] out, String err) {

    static ClientRun piped(byte[] stdin, String... args) {
        return run(stdin, false, args);
    }

    static ClientRun run(String... args) {
        return run(new byte[0], false, args);
    }

    static ClientRun run(byte[] stdin, boolean interactive, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ClientCommand.newCommandLine(
                new ClientStreams(new ByteArrayInputStream(stdin), out, interactive));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        int exitCode = commandLine.execute(args);
        return new ClientRun(exitCode, out.toByteArray(), err.toString());
    }

    String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", out [" + outText() + "], err [" + err + "]";
    }
}
