package dev.tsserver.core.internal;

import java.util.List;
import java.util.function.Function;

import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;

/**
 * The future of one write that carries several merged writes (the reply batch, the TLS read
 * batch): its outcome, written or failed, becomes the outcome of every part's own future, so a
 * caller waiting on one reply's future learns when the merged write went out.
 *
 * @param <P> what the parts are kept as; {@code partFuture} finds each one's future (a
 *            non-capturing method reference, so the merge allocates nothing for it)
 */
public final class PartsWriteFuture<P> extends DefaultWriteFuture {

    private final List<P> parts;
    private final Function<P, WriteFuture> partFuture;

    public PartsWriteFuture(IoSession session, List<P> parts, Function<P, WriteFuture> partFuture) {
        super(session);
        this.parts = parts;
        this.partFuture = partFuture;
    }

    /** How many writes this one carries. */
    public int partCount() {
        return parts.size();
    }

    @Override
    public void setWritten() {
        super.setWritten();
        for (P part : parts) {
            partFuture.apply(part).setWritten();
        }
    }

    @Override
    public void setException(Throwable exception) {
        super.setException(exception);
        for (P part : parts) {
            partFuture.apply(part).setException(exception);
        }
    }
}
