package dev.tsserver.client.bench;

/** How requests go out and replies come back on one kind of connection: a stream or datagrams. */
interface TransportStrategy {

    /** Encodes what {@code c} may send at {@code now} and writes as much as its channel takes. */
    void fill(BenchConnection c, long now);

    /** Reads what {@code c}'s channel has and matches the replies to the requests. */
    void readable(BenchConnection c, long now);
}
