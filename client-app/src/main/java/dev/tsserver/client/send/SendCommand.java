package dev.tsserver.client.send;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.exchange.MessageSource;
import dev.tsserver.client.exchange.PipelinedExchange;
import dev.tsserver.client.exchange.ReplyPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tsclient send MESSAGE...}: one message per argument, each reply on its own line. */
@Command(name = "send", sortOptions = false, usageHelpAutoWidth = true,
        description = "Send each MESSAGE (UTF-8) as one message and print each reply on its own line.")
public final class SendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand client;

    @Parameters(paramLabel = "MESSAGE", arity = "1..*", description = "A message; each argument is one.")
    List<String> messages;

    @Override
    public Integer call() {
        ConnectionSettings settings = client.connectionSettings(spec.commandLine());
        List<byte[]> payloads = new ArrayList<>(messages.size());
        for (String message : messages) {
            byte[] payload = message.getBytes(StandardCharsets.UTF_8);
            Optional<String> problem = settings.whyUnsendable(payload);
            if (problem.isPresent()) {
                throw new ParameterException(spec.commandLine(), "Invalid value for MESSAGE " + (payloads.size() + 1)
                        + ": " + problem.get());
            }
            payloads.add(payload);
        }
        ReplyPrinter printer = new ReplyPrinter(client.streams().out());
        return client.converse(spec.commandLine(), connection ->
                PipelinedExchange.forConnection(connection, printer).run(MessageSource.of(payloads)));
    }
}
