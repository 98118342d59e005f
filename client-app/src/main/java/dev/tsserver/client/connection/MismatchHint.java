package dev.tsserver.client.connection;

/**
 * The hint added to an error when what came back suggests that client and server disagree on
 * the wire format: bytes that do not frame, a reply of the wrong shape, a server that closes
 * before answering anything. Given only with such evidence, never for a plain timeout.
 */
public final class MismatchHint {

    private MismatchHint() {
    }

    /** {@code "; check that --codec and --length-prefix match the server's (here: --codec length --length-prefix 2)"}. */
    public static String framing(ConnectionSettings settings) {
        return "; check that --codec and --length-prefix match the server's (here: " + framingOptions(settings) + ")";
    }

    /** As {@link #framing}, naming {@code --protocol} too: for a reply that frames but has the wrong shape. */
    public static String shape(ConnectionSettings settings) {
        if (settings.transport() == ClientTransport.UDP) {
            return "; check that --protocol matches the server's (here: --protocol " + settings.protocol().cliName()
                    + ")";
        }
        return "; check that --protocol, --codec and --length-prefix match the server's (here: --protocol "
                + settings.protocol().cliName() + " " + framingOptions(settings) + ")";
    }

    /** For a server that closed before any reply: its limit may be the difference too. */
    public static String closedEarly(ConnectionSettings settings) {
        return "; check that --codec, --length-prefix and --max-frame match the server's (here: "
                + framingOptions(settings) + " --max-frame " + settings.codecSettings().maxFrame() + ")";
    }

    private static String framingOptions(ConnectionSettings settings) {
        String options = "--codec " + settings.codec();
        if (settings.wireFraming().map(w -> w instanceof dev.tsserver.codec.wire.LengthFieldWireFraming).orElse(false)) {
            options += " --length-prefix " + settings.codecSettings().lengthPrefix();
        }
        return options;
    }
}
