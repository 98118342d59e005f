package dev.tsserver.client.chat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.connection.TsConnection;
import dev.tsserver.client.exchange.MessageSource;
import dev.tsserver.client.exchange.PipelinedExchange;
import dev.tsserver.client.exchange.ReplyPrinter;
import dev.tsserver.client.exchange.ResilientConnection;

/**
 * {@code tsclient} with no command. On a terminal: prompt {@code > }, send a line, print its
 * reply; an empty line or the end of input quits. Otherwise every input line, empty ones
 * included, is a message, pipelined where replies stay apart, and the chat ends once the last
 * reply is printed.
 */
public final class Chat {

    static final String PROMPT = "> ";
    private static final byte[] SENDING = "...sending ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENDING_END = "...".getBytes(StandardCharsets.US_ASCII);

    private final TsConnection connection;
    private final InputLines input;
    private final ReplyPrinter printer;
    private final boolean verbose;

    public Chat(TsConnection connection, InputLines input, ReplyPrinter printer) {
        this(connection, input, printer, false);
    }

    /**
     * @param verbose print {@code ...sending MESSAGE...} before each message, as the classic
     *                Twisted client does, and send one message at a time even when piped, so
     *                each such line is followed by its own reply
     */
    public Chat(TsConnection connection, InputLines input, ReplyPrinter printer, boolean verbose) {
        this.connection = connection;
        this.input = input;
        this.printer = printer;
        this.verbose = verbose;
    }

    /** Stop-and-wait with a prompt; a line that cannot be sent is reported and the chat goes on. */
    public void interactive(PrintWriter err) throws IOException, InterruptedException {
        ConnectionSettings settings = connection.settings();
        // Replies are checked; a person at a prompt sees a lost connection rather than a retry.
        ResilientConnection checked = ResilientConnection.withoutReconnecting(connection);
        while (true) {
            printer.printPrompt(PROMPT);
            byte[] line;
            try {
                line = input.next();
            } catch (InputLines.InputLineTooLongException e) {
                err.println("tsclient: " + e.getMessage() + "; not sent");
                err.flush();
                continue;
            }
            if (line == null) {
                printer.printPrompt("\n"); // end the prompt line the user left with Ctrl-D
                return;
            }
            if (line.length == 0) {
                return;
            }
            var problem = settings.whyUnsendable(line);
            if (problem.isPresent()) {
                err.println("tsclient: " + new UnsendableInputException(input.lineNumber(), problem.get()).getMessage());
                err.flush();
                continue;
            }
            announce(line);
            checked.send(line);
            printer.print(checked.awaitReply(settings.timeout()));
            printer.flush();
        }
    }

    /** {@code ...sending MESSAGE...}, the message's bytes as typed, never decoded. */
    private void announce(byte[] message) throws IOException {
        if (verbose) {
            byte[] note = new byte[SENDING.length + message.length + SENDING_END.length];
            System.arraycopy(SENDING, 0, note, 0, SENDING.length);
            System.arraycopy(message, 0, note, SENDING.length, message.length);
            System.arraycopy(SENDING_END, 0, note, SENDING.length + message.length, SENDING_END.length);
            printer.print(note);
            printer.flush();
        }
    }

    /**
     * Verbose piped chat: announce, send, print the reply, then the next message. Replies are
     * checked, and with {@code --reconnect} a lost connection is made again, as in the pipelined
     * path.
     */
    private long oneAtATime(MessageSource messages) throws IOException, InterruptedException {
        long printed = 0;
        byte[] message;
        try (ResilientConnection checked = new ResilientConnection(connection)) {
            while ((message = messages.next()) != null) {
                announce(message);
                checked.send(message);
                printer.print(checked.awaitReply(connection.settings().timeout()));
                printer.flush();
                printed++;
            }
        }
        return printed;
    }

    /**
     * Every line is a message, in flight {@link PipelinedExchange#DEFAULT_WINDOW} at a time where
     * replies stay apart, one at a time for raw TCP. Where an empty message cannot be sent (raw
     * TCP, UDP; see {@link ConnectionSettings#canSendEmpty()}) empty lines are skipped.
     *
     * @return the number of replies printed
     */
    public long piped() throws IOException, InterruptedException {
        ConnectionSettings settings = connection.settings();
        MessageSource lines = settings.canSendEmpty() ? input : () -> {
            byte[] line;
            do {
                line = input.next();
            } while (line != null && line.length == 0);
            return line;
        };
        MessageSource checked = () -> {
            byte[] line = lines.next();
            if (line != null) {
                var problem = settings.whyUnsendable(line);
                if (problem.isPresent()) {
                    throw new UnsendableInputException(input.lineNumber(), problem.get());
                }
            }
            return line;
        };
        if (verbose) {
            return oneAtATime(checked);
        }
        return PipelinedExchange.forConnection(connection, printer).run(checked);
    }
}
