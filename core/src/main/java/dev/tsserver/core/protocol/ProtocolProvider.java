package dev.tsserver.core.protocol;

import org.apache.mina.core.service.IoHandler;

/**
 * A protocol that can be chosen by name ({@code --protocol NAME}, or {@code protocol=NAME} in a
 * {@code --listen} endpoint): the handler behind a listener's codec. Implementations are found
 * with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.tsserver.core.protocol.ProtocolProvider} of a jar on the class
 * path. See {@code docs/protocols.md}.
 *
 * <h2>The handler's contract</h2>
 * <ul>
 *   <li>It receives one {@code byte[]} per message on TCP and on UDP alike: a frame decoded by
 *       the listener's codec, a chunk as read when {@link #usesCodec()} is false, or one whole
 *       datagram. It never sees a MINA {@code IoBuffer}.</li>
 *   <li>It replies with {@code session.write(byte[])} or
 *       {@link dev.tsserver.codec.EncodablePayload}; on UDP one write is one datagram to the
 *       sender (a reply over 65,507 bytes is dropped and counted).</li>
 *   <li>To end a TCP connection after its replies, it calls
 *       {@link ProtocolSessions#closeAfterReplies}, never {@code closeOnFlush()} (which would
 *       overtake replies still held for batching).</li>
 *   <li>End of input from the peer is handled by the server (everything read is answered, then
 *       the connection closes): {@code inputClosed} must not close.</li>
 * </ul>
 * {@link ProtocolHandlerAdapter} is a base class with those defaults.
 */
public interface ProtocolProvider {

    /** The name users pass to {@code --protocol}: lower case letters, digits, '.', '_', '-'. */
    String name();

    /** One line for {@code --list} and error messages. */
    String description();

    /**
     * Whether TCP messages are framed by the listener's codec ({@code ts}, {@code echo}). A
     * protocol with a fixed wire format returns false: it receives each chunk as read and its
     * writes go out as they are, whatever {@code --codec} says.
     */
    default boolean usesCodec() {
        return true;
    }

    /**
     * Whether the handler may run on the I/O threads: it never blocks, and it neither needs a
     * {@code messageSent} event per reply nor closes with {@code closeOnFlush()}. Such a handler
     * runs on the I/O threads when the server has no workers, and its replies to one read go
     * out as one write (reply batching). A protocol that returns false always runs behind the
     * executor filter and is never batched.
     */
    default boolean runsOnIoThreads() {
        return true;
    }

    /**
     * The handler of one listener; called once per listener, so the handler serves every
     * session of it and keeps per-session state in session attributes.
     */
    IoHandler newHandler(ProtocolContext context);
}
