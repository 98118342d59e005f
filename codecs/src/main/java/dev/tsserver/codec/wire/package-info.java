/**
 * The wire format of the TS server without MINA: how each built-in codec frames a message
 * ({@link dev.tsserver.codec.wire.WireFraming}) and what the {@code [TIMESTAMP] } prefix of a
 * reply looks like for every time format ({@link dev.tsserver.codec.wire.ReplyPrefix}).
 *
 * <p>One copy of these rules serves the server's encoders, the client's MINA connection, the
 * load generator (plain NIO buffers) and the boundary experiment (plain sockets), so the two
 * ends cannot drift apart. Nothing here allocates on the per-message paths.
 */
package dev.tsserver.codec.wire;
