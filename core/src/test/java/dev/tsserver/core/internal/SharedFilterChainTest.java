package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.filterchain.IoFilterLifeCycleException;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.textline.TextLineCodecFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedFilterChain} against MINA's {@code DefaultIoFilterChain}: the same builder and the
 * same script of events give the same calls, in the same order, at every filter, the handler
 * and the life-cycle hooks; entries are shared between sessions until one changes its chain.
 */
class SharedFilterChainTest {

    /** A session whose chain is a shared one (null template: the session's own entries). */
    private static final class SharingSession extends DummySession {
        private final SharedFilterChain chain;

        SharingSession(SharedFilterChain.Template template) {
            chain = new SharedFilterChain(this, template);
        }

        @Override
        public IoFilterChain getFilterChain() {
            return chain;
        }
    }

    /** Logs every event and hook it sees as "name:event", then passes the event on. */
    private static class Recorder extends IoFilterAdapter {
        final String name;
        final List<String> log;

        Recorder(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void onPreAdd(IoFilterChain parent, String entryName, NextFilter next) {
            log.add(name + ":preAdd contains=" + parent.contains(this));
        }

        @Override
        public void onPostAdd(IoFilterChain parent, String entryName, NextFilter next) {
            log.add(name + ":postAdd contains=" + parent.contains(this));
        }

        @Override
        public void onPreRemove(IoFilterChain parent, String entryName, NextFilter next) {
            log.add(name + ":preRemove");
        }

        @Override
        public void onPostRemove(IoFilterChain parent, String entryName, NextFilter next) {
            log.add(name + ":postRemove contains=" + parent.contains(this));
        }

        @Override
        public void sessionCreated(NextFilter next, IoSession session) throws Exception {
            log.add(name + ":created");
            next.sessionCreated(session);
        }

        @Override
        public void sessionOpened(NextFilter next, IoSession session) throws Exception {
            log.add(name + ":opened");
            next.sessionOpened(session);
        }

        @Override
        public void sessionClosed(NextFilter next, IoSession session) throws Exception {
            log.add(name + ":closed");
            next.sessionClosed(session);
        }

        @Override
        public void sessionIdle(NextFilter next, IoSession session, IdleStatus status) throws Exception {
            log.add(name + ":idle " + status);
            next.sessionIdle(session, status);
        }

        @Override
        public void exceptionCaught(NextFilter next, IoSession session, Throwable cause) throws Exception {
            log.add(name + ":exception " + cause.getMessage());
            next.exceptionCaught(session, cause);
        }

        @Override
        public void inputClosed(NextFilter next, IoSession session) throws Exception {
            log.add(name + ":inputClosed");
            next.inputClosed(session);
        }

        @Override
        public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
            log.add(name + ":received " + message);
            next.messageReceived(session, message);
        }

        @Override
        public void messageSent(NextFilter next, IoSession session, WriteRequest request) throws Exception {
            log.add(name + ":sent " + request.getOriginalMessage());
            next.messageSent(session, request);
        }

        @Override
        public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
            log.add(name + ":write " + request.getMessage());
            next.filterWrite(session, request);
        }

        @Override
        public void filterClose(NextFilter next, IoSession session) throws Exception {
            log.add(name + ":close");
            next.filterClose(session);
        }
    }

    /** Throws on a message "boom" (as a failing decoder would), passes the rest. */
    private static final class Thrower extends Recorder {
        Thrower(List<String> log) {
            super("thrower", log);
        }

        @Override
        public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
            if ("boom".equals(message)) {
                log.add(name + ":throws");
                throw new IllegalStateException("bad input");
            }
            super.messageReceived(next, session, message);
        }
    }

    /** Records the handler's side of the script and answers every message with a write. */
    private static final class RecordingHandler extends IoHandlerAdapter {
        final List<String> log;

        RecordingHandler(List<String> log) {
            this.log = log;
        }

        @Override
        public void sessionCreated(IoSession session) {
            log.add("handler:created");
        }

        @Override
        public void sessionOpened(IoSession session) {
            log.add("handler:opened");
        }

        @Override
        public void sessionClosed(IoSession session) {
            log.add("handler:closed");
        }

        @Override
        public void sessionIdle(IoSession session, IdleStatus status) {
            log.add("handler:idle " + status);
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            log.add("handler:exception " + cause.getMessage());
        }

        @Override
        public void inputClosed(IoSession session) {
            log.add("handler:inputClosed");
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            log.add("handler:received " + message);
            session.write("re:" + message);
        }

        @Override
        public void messageSent(IoSession session, Object message) {
            log.add("handler:sent " + message);
        }
    }

    private static DefaultIoFilterChainBuilder builder(List<String> log) {
        DefaultIoFilterChainBuilder builder = new DefaultIoFilterChainBuilder();
        builder.addLast("a", new Recorder("a", log));
        builder.addLast("thrower", new Thrower(log));
        builder.addLast("b", new Recorder("b", log));
        return builder;
    }

    /** Builds the session's chain from the builder, then plays the same events on it. */
    private static List<String> script(Function<DefaultIoFilterChainBuilder, DummySession> sessions) throws Exception {
        List<String> log = new ArrayList<>();
        DefaultIoFilterChainBuilder builder = builder(log);
        DummySession session = sessions.apply(builder);
        session.setHandler(new RecordingHandler(log));
        builder.buildFilterChain(session.getFilterChain());
        IoFilterChain chain = session.getFilterChain();
        chain.fireSessionCreated();
        chain.fireSessionOpened();
        chain.fireMessageReceived("hello");
        chain.fireMessageReceived("boom");
        chain.fireSessionIdle(IdleStatus.READER_IDLE);
        chain.fireExceptionCaught(new IllegalArgumentException("io failed"));
        chain.fireInputClosed();
        log.add("chain " + chain.getAll().size() + " entries, " + chain);
        // A dummy session's close fires sessionClosed, whose tail clears the chain.
        session.closeNow();
        log.add("after close: " + chain.getAll().size() + " entries, read " + session.getReadBytes()
                + " bytes, written " + session.getWrittenMessages() + " messages");
        return log;
    }

    @Test
    void theSameScriptGivesTheSameCallsAsMinasChain() throws Exception {
        List<String> mina = script(builder -> new DummySession());
        List<String> shared = script(builder -> new SharingSession(SharedFilterChain.Template.of(builder.getAll())));

        // MINA clears the chain in its name map's hash order, ours last entry first: compare the
        // removals as a set, everything else in order.
        assertEquals(withoutRemovals(mina), withoutRemovals(shared));
        assertEquals(removals(mina).stream().sorted().toList(), removals(shared).stream().sorted().toList());
        assertEquals(List.of("b:preRemove", "b:postRemove contains=false", "thrower:preRemove",
                "thrower:postRemove contains=false", "a:preRemove", "a:postRemove contains=false"), removals(shared));
        // The script reached every kind of step, so the comparison covers them.
        assertTrue(shared.contains("a:preAdd contains=false"), shared::toString);
        assertTrue(shared.contains("b:postAdd contains=true"), shared::toString);
        assertTrue(shared.contains("handler:sent re:hello"), shared::toString);
        assertTrue(shared.contains("a:write re:hello"), shared::toString);
        assertTrue(shared.contains("handler:exception bad input"), shared::toString);
        assertTrue(shared.contains("b:postRemove contains=false"), shared::toString);
        assertTrue(shared.contains("handler:closed"), shared::toString);
        assertFalse(shared.contains("b:received boom"), shared::toString);
        assertTrue(shared.get(shared.size() - 1).startsWith("after close: 0 entries"), shared::toString);
    }

    @Test
    void aChainWithNoTemplateBehavesAsMinasToo() throws Exception {
        List<String> mina = script(builder -> new DummySession());
        List<String> own = script(builder -> new SharingSession(null));

        assertEquals(withoutRemovals(mina), withoutRemovals(own));
        assertEquals(removals(mina).stream().sorted().toList(), removals(own).stream().sorted().toList());
    }

    private static List<String> removals(List<String> log) {
        return log.stream().filter(line -> line.contains("Remove")).toList();
    }

    private static List<String> withoutRemovals(List<String> log) {
        return log.stream().filter(line -> !line.contains("Remove")).toList();
    }

    @Test
    void sessionsOfOneTemplateShareEntriesAndNotEvents() throws Exception {
        List<String> log = new ArrayList<>();
        DefaultIoFilterChainBuilder builder = builder(log);
        SharedFilterChain.Template template = SharedFilterChain.Template.of(builder.getAll());
        SharingSession one = new SharingSession(template);
        SharingSession two = new SharingSession(template);
        List<String> oneHandler = new ArrayList<>();
        List<String> twoHandler = new ArrayList<>();
        one.setHandler(new RecordingHandler(oneHandler));
        two.setHandler(new RecordingHandler(twoHandler));
        builder.buildFilterChain(one.getFilterChain());
        builder.buildFilterChain(two.getFilterChain());

        assertTrue(((SharedFilterChain) one.getFilterChain()).isShared());
        assertTrue(((SharedFilterChain) two.getFilterChain()).isShared());
        assertSame(one.getFilterChain().getNextFilter("a"), two.getFilterChain().getNextFilter("a"));
        assertSame(one.getFilterChain().get("b"), two.getFilterChain().get("b"));

        one.getFilterChain().fireMessageReceived("to one");
        two.getFilterChain().fireMessageReceived("to two");
        assertEquals(List.of("handler:received to one", "handler:sent re:to one"), oneHandler);
        assertEquals(List.of("handler:received to two", "handler:sent re:to two"), twoHandler);
    }

    @Test
    void aSessionThatChangesItsChainGetsItsOwnEntriesAndLeavesTheOthersAlone() throws Exception {
        List<String> log = new ArrayList<>();
        DefaultIoFilterChainBuilder builder = builder(log);
        SharedFilterChain.Template template = SharedFilterChain.Template.of(builder.getAll());
        SharingSession changed = new SharingSession(template);
        SharingSession untouched = new SharingSession(template);
        changed.setHandler(new RecordingHandler(new ArrayList<>()));
        untouched.setHandler(new RecordingHandler(new ArrayList<>()));
        builder.buildFilterChain(changed.getFilterChain());
        builder.buildFilterChain(untouched.getFilterChain());
        IoFilter.NextFilter afterA = changed.getFilterChain().getNextFilter("a");

        changed.getFilterChain().addAfter("a", "x", new Recorder("x", log));
        log.clear();
        // A NextFilter handed out before the change follows the session's new entries, as MINA's.
        afterA.messageReceived(changed, "late");
        untouched.getFilterChain().fireMessageReceived("other");

        assertFalse(((SharedFilterChain) changed.getFilterChain()).isShared());
        assertTrue(((SharedFilterChain) untouched.getFilterChain()).isShared());
        assertEquals(List.of("x:received late", "thrower:received late", "b:received late",
                "b:write re:late", "thrower:write re:late", "x:write re:late", "a:write re:late",
                "a:sent re:late", "x:sent re:late", "thrower:sent re:late", "b:sent re:late",
                "a:received other", "thrower:received other", "b:received other",
                "b:write re:other", "thrower:write re:other", "a:write re:other",
                "a:sent re:other", "thrower:sent re:other", "b:sent re:other"), log);
        assertEquals(List.of("a", "x", "thrower", "b"), names(changed.getFilterChain()));
        assertEquals(List.of("a", "thrower", "b"), names(untouched.getFilterChain()));
    }

    @Test
    void aFilterRemovingItselfMidEventPassesTheEventOnAsInMinasChain() throws Exception {
        DefaultIoFilterChainBuilder forMina = selfRemovingBuilder();
        DefaultIoFilterChainBuilder forShared = selfRemovingBuilder();

        List<String> mina = selfRemoval(new DummySession(), forMina);
        List<String> shared = selfRemoval(new SharingSession(SharedFilterChain.Template.of(forShared.getAll())), forShared);

        assertEquals(mina, shared);
        assertEquals(List.of("handler:received first!", "handler:received second", "chain [b]"), shared);
    }

    /** "once" removes itself at the first message, marking it, and passes it on. */
    private static DefaultIoFilterChainBuilder selfRemovingBuilder() {
        DefaultIoFilterChainBuilder builder = new DefaultIoFilterChainBuilder();
        builder.addLast("once", new IoFilterAdapter() {
            @Override
            public void messageReceived(NextFilter next, IoSession session, Object message) {
                session.getFilterChain().remove(this);
                next.messageReceived(session, message + "!");
            }
        });
        builder.addLast("b", new IoFilterAdapter());
        return builder;
    }

    private static List<String> selfRemoval(DummySession session, DefaultIoFilterChainBuilder builder) throws Exception {
        List<String> log = new ArrayList<>();
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) {
                log.add("handler:received " + message);
            }
        });
        builder.buildFilterChain(session.getFilterChain());
        session.getFilterChain().fireMessageReceived("first");
        session.getFilterChain().fireMessageReceived("second");
        log.add("chain " + names(session.getFilterChain()));
        return log;
    }

    @Test
    void aFailingPostAddLeavesTheFilterOutAndSaysWhy() {
        DefaultIoFilterChainBuilder builder = new DefaultIoFilterChainBuilder();
        builder.addLast("ok", new IoFilterAdapter());
        builder.addLast("refuses", new IoFilterAdapter() {
            @Override
            public void onPostAdd(IoFilterChain parent, String name, NextFilter next) {
                throw new IllegalStateException("no");
            }
        });
        SharingSession session = new SharingSession(SharedFilterChain.Template.of(builder.getAll()));

        IoFilterLifeCycleException failure = assertThrows(IoFilterLifeCycleException.class,
                () -> builder.buildFilterChain(session.getFilterChain()));

        assertTrue(failure.getMessage().startsWith("onPostAdd(): refuses"), failure.getMessage());
        assertEquals(List.of("ok"), names(session.getFilterChain()));
        assertNull(session.getFilterChain().get("refuses"));
    }

    @Test
    void aCodecFilterDecodesRefusesASecondAddAndIsClearedAsInMinasChain() throws Exception {
        List<String> mina = codecScript(builder -> new DummySession());
        List<String> shared = codecScript(builder -> new SharingSession(SharedFilterChain.Template.of(builder.getAll())));

        assertEquals(mina, shared);
        assertEquals(List.of("one", "two", "second add refused", "0 entries after clear"), shared);
    }

    private static List<String> codecScript(Function<DefaultIoFilterChainBuilder, DummySession> sessions) throws Exception {
        DefaultIoFilterChainBuilder builder = new DefaultIoFilterChainBuilder();
        builder.addLast("codec", new ProtocolCodecFilter(new TextLineCodecFactory(StandardCharsets.UTF_8)));
        DummySession session = sessions.apply(builder);
        List<String> log = new ArrayList<>();
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) {
                log.add(message.toString());
            }
        });
        builder.buildFilterChain(session.getFilterChain());
        session.getFilterChain().fireMessageReceived(IoBuffer.wrap("one\ntw".getBytes(StandardCharsets.UTF_8)));
        session.getFilterChain().fireMessageReceived(IoBuffer.wrap("o\n".getBytes(StandardCharsets.UTF_8)));
        // MINA's codec filter refuses to be added twice to one chain (its onPreAdd).
        try {
            session.getFilterChain().addLast("codec-again", session.getFilterChain().get("codec"));
            log.add("second add taken");
        } catch (IoFilterLifeCycleException e) {
            log.add("second add refused");
        }
        session.getFilterChain().clear();
        log.add(session.getFilterChain().getAll().size() + " entries after clear");
        return log;
    }

    private static List<String> names(IoFilterChain chain) {
        return chain.getAll().stream().map(IoFilterChain.Entry::getName).toList();
    }
}
