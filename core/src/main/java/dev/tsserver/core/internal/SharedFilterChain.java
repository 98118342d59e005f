package dev.tsserver.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.DefaultIoFilterChain;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.filterchain.IoFilterLifeCycleException;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's filter chain whose entries are shared by every session of a listener, instead of
 * MINA's {@link DefaultIoFilterChain}, which gives each session its own copy of every entry.
 *
 * <p>Why: MINA builds a {@code DefaultIoFilterChain} per connection, an entry object, a
 * {@code NextFilter} object and a name-map node per filter, and walks those per-connection
 * objects for every event. With thousands of connections the walk's loads miss the cache: in
 * the line-10k-rate profile the two walk methods ({@code callNextMessageReceived},
 * {@code callNextMessageSent}) were 28% of the I/O thread's own time. Here the entries (a
 * {@link Template}) are built once per listener from its chain builder and every session points
 * at them, so the walk touches the same few objects for every connection. Their
 * {@code NextFilter}s keep no session: MINA passes the session with every call, and the next
 * entry is found through that session's chain. The figure is in
 * docs/perf/tuning/tcp-shared-chain.md.
 *
 * <p>Behaviour is MINA's: the same events in the same order, the same life-cycle calls
 * ({@code onPreAdd}/{@code onPostAdd} for each filter as the builder adds it, with this chain
 * as parent; {@code onPreRemove}/{@code onPostRemove} as the chain is cleared at close), the same
 * exception handling per step, and the same head and tail ({@link ChainEnds}). A session whose
 * chain is changed after it was built (a filter added, removed or replaced) gets entries of its
 * own from then on ({@link #detach}), linked as MINA links them; a {@code NextFilter} a filter
 * was handed before that follows the session's new entries, as MINA's do.
 */
public final class SharedFilterChain implements IoFilterChain {

    private static final Logger LOG = LoggerFactory.getLogger(SharedFilterChain.class);

    /** {@link #sharedSize} once the session has entries of its own. */
    private static final int DETACHED = -1;

    private final AbstractIoSession session;
    private final Template template;

    /**
     * How many of the template's entries (a prefix, in order) this chain holds, or
     * {@link #DETACHED}. Events read it once per step; changes happen under the chain's lock.
     */
    private volatile int sharedSize;

    /**
     * Detached chains only: the session's own entries, and which of them copies which shared one
     * ({@code copies} is written once, before {@link #sharedSize} becomes {@link #DETACHED}).
     */
    private Slot first;
    private Slot last;
    private Map<Slot, Slot> copies;

    /**
     * @param session  the session this chain belongs to; its {@code getFilterChain()} must return this chain
     * @param template the entries this chain takes over as the builder adds the same filters in
     *                 the same order, or null to always build entries of its own
     */
    public SharedFilterChain(AbstractIoSession session, Template template) {
        this.session = Objects.requireNonNull(session, "session");
        this.template = template;
    }

    /** True while every entry of this chain is the listener's shared one. */
    public boolean isShared() {
        return sharedSize != DETACHED;
    }

    @Override
    public IoSession getSession() {
        return session;
    }

    // ---------------------------------------------------------------- the walk

    private static SharedFilterChain chainOf(IoSession session) {
        return (SharedFilterChain) session.getFilterChain();
    }

    /** The entry after {@code slot} in this chain, or null for the tail. */
    private Slot nextOf(Slot slot) {
        int size = sharedSize;
        if (size != DETACHED) {
            int next = slot.index + 1;
            return next < size ? template.slots[next] : null;
        }
        return ownSlot(slot).next;
    }

    /** The entry before {@code slot} in this chain, or null for the head. */
    private Slot previousOf(Slot slot) {
        int size = sharedSize;
        if (size != DETACHED) {
            int previous = Math.min(slot.index, size) - 1;
            return previous >= 0 ? template.slots[previous] : null;
        }
        return ownSlot(slot).previous;
    }

    private Slot firstSlot() {
        int size = sharedSize;
        if (size != DETACHED) {
            return size > 0 ? template.slots[0] : null;
        }
        return first;
    }

    private Slot lastSlot() {
        int size = sharedSize;
        if (size != DETACHED) {
            return size > 0 ? template.slots[size - 1] : null;
        }
        return last;
    }

    /**
     * A shared slot stands for its copy once this chain is detached. Call only after reading
     * {@link #sharedSize} as {@link #DETACHED}: that read makes {@link #copies} visible.
     */
    private Slot ownSlot(Slot slot) {
        if (slot.shared) {
            Slot copy = copies.get(slot);
            if (copy == null) {
                throw new IllegalStateException("filter " + slot.name + " was never in the chain of " + session);
            }
            return copy;
        }
        return slot;
    }

    @Override
    public void fireSessionCreated() {
        callNextSessionCreated(firstSlot(), session);
    }

    private void callNextSessionCreated(Slot slot, IoSession session) {
        try {
            if (slot == null) {
                ChainEnds.tailSessionCreated(session);
            } else {
                slot.filter.sessionCreated(slot.nextFilter, session);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireSessionOpened() {
        callNextSessionOpened(firstSlot(), session);
    }

    private void callNextSessionOpened(Slot slot, IoSession session) {
        try {
            if (slot == null) {
                ChainEnds.tailSessionOpened(session);
            } else {
                slot.filter.sessionOpened(slot.nextFilter, session);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireSessionClosed() {
        try {
            session.getCloseFuture().setClosed();
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
        callNextSessionClosed(firstSlot(), session);
    }

    private void callNextSessionClosed(Slot slot, IoSession session) {
        try {
            if (slot == null) {
                ChainEnds.tailSessionClosed(session);
            } else {
                slot.filter.sessionClosed(slot.nextFilter, session);
            }
        } catch (Exception | Error e) {
            fireExceptionCaught(e);
        }
    }

    @Override
    public void fireSessionIdle(IdleStatus status) {
        session.increaseIdleCount(status, System.currentTimeMillis());
        callNextSessionIdle(firstSlot(), session, status);
    }

    private void callNextSessionIdle(Slot slot, IoSession session, IdleStatus status) {
        try {
            if (slot == null) {
                ChainEnds.tailSessionIdle(session, status);
            } else {
                slot.filter.sessionIdle(slot.nextFilter, session, status);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireMessageReceived(Object message) {
        if (message instanceof IoBuffer buffer) {
            session.increaseReadBytes(buffer.remaining(), System.currentTimeMillis());
        }
        callNextMessageReceived(firstSlot(), session, message);
    }

    private void callNextMessageReceived(Slot slot, IoSession session, Object message) {
        try {
            if (slot == null) {
                ChainEnds.tailMessageReceived(session, message);
            } else {
                slot.filter.messageReceived(slot.nextFilter, session, message);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireMessageSent(WriteRequest request) {
        try {
            request.getFuture().setWritten();
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
        if (!request.isEncoded()) {
            callNextMessageSent(firstSlot(), session, request);
        }
    }

    private void callNextMessageSent(Slot slot, IoSession session, WriteRequest request) {
        try {
            if (slot == null) {
                ChainEnds.tailMessageSent(session, request);
            } else {
                slot.filter.messageSent(slot.nextFilter, session, request);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireExceptionCaught(Throwable cause) {
        callNextExceptionCaught(firstSlot(), session, cause);
    }

    private void callNextExceptionCaught(Slot slot, IoSession session, Throwable cause) {
        // As MINA: a connector's session that fails before it opened fails its connect future.
        ConnectFuture future = (ConnectFuture) session.removeAttribute(DefaultIoFilterChain.SESSION_CREATED_FUTURE);
        if (future == null) {
            try {
                if (slot == null) {
                    ChainEnds.tailExceptionCaught(session, cause);
                } else {
                    slot.filter.exceptionCaught(slot.nextFilter, session, cause);
                }
            } catch (Throwable e) {
                LOG.warn("Unexpected exception from exceptionCaught handler.", e);
            }
        } else {
            if (!session.isClosing()) {
                session.closeNow();
            }
            future.setException(cause);
        }
    }

    @Override
    public void fireInputClosed() {
        callNextInputClosed(firstSlot(), session);
    }

    private void callNextInputClosed(Slot slot, IoSession session) {
        try {
            if (slot == null) {
                ChainEnds.tailInputClosed(session);
            } else {
                slot.filter.inputClosed(slot.nextFilter, session);
            }
        } catch (Throwable e) {
            fireExceptionCaught(e);
        }
    }

    @Override
    public void fireEvent(FilterEvent event) {
        callNextFilterEvent(firstSlot(), session, event);
    }

    private void callNextFilterEvent(Slot slot, IoSession session, FilterEvent event) {
        try {
            if (slot == null) {
                ChainEnds.tailEvent(session, event);
            } else {
                slot.filter.event(slot.nextFilter, session, event);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireFilterWrite(WriteRequest writeRequest) {
        callPreviousFilterWrite(lastSlot(), session, writeRequest);
    }

    private void callPreviousFilterWrite(Slot slot, IoSession session, WriteRequest writeRequest) {
        try {
            if (slot == null) {
                ChainEnds.headFilterWrite(session, writeRequest);
            } else {
                slot.filter.filterWrite(slot.nextFilter, session, writeRequest);
            }
        } catch (Exception e) {
            writeRequest.getFuture().setException(e);
            fireExceptionCaught(e);
        } catch (Error e) {
            writeRequest.getFuture().setException(e);
            fireExceptionCaught(e);
            throw e;
        }
    }

    @Override
    public void fireFilterClose() {
        callPreviousFilterClose(lastSlot(), session);
    }

    private void callPreviousFilterClose(Slot slot, IoSession session) {
        try {
            if (slot == null) {
                ChainEnds.headFilterClose(session);
            } else {
                slot.filter.filterClose(slot.nextFilter, session);
            }
        } catch (Exception e) {
            fireExceptionCaught(e);
        } catch (Error e) {
            fireExceptionCaught(e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- look-ups

    /** This chain's entries in order, head side first. */
    private List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (Slot slot = firstSlot(); slot != null; slot = nextOf(slot)) {
            slots.add(slot);
        }
        return slots;
    }

    private Slot find(String name) {
        for (Slot slot = firstSlot(); slot != null; slot = nextOf(slot)) {
            if (slot.name.equals(name)) {
                return slot;
            }
        }
        return null;
    }

    private Slot find(IoFilter filter) {
        for (Slot slot = firstSlot(); slot != null; slot = nextOf(slot)) {
            if (slot.filter == filter) {
                return slot;
            }
        }
        return null;
    }

    private Slot find(Class<? extends IoFilter> filterType) {
        for (Slot slot = firstSlot(); slot != null; slot = nextOf(slot)) {
            if (filterType.isAssignableFrom(slot.filter.getClass())) {
                return slot;
            }
        }
        return null;
    }

    private Entry entryOf(Slot slot) {
        return slot == null ? null : new SlotEntry(slot);
    }

    @Override
    public Entry getEntry(String name) {
        return entryOf(find(name));
    }

    @Override
    public Entry getEntry(IoFilter filter) {
        return entryOf(find(filter));
    }

    @Override
    public Entry getEntry(Class<? extends IoFilter> filterType) {
        return entryOf(find(filterType));
    }

    @Override
    public IoFilter get(String name) {
        Slot slot = find(name);
        return slot == null ? null : slot.filter;
    }

    @Override
    public IoFilter get(Class<? extends IoFilter> filterType) {
        Slot slot = find(filterType);
        return slot == null ? null : slot.filter;
    }

    @Override
    public NextFilter getNextFilter(String name) {
        Slot slot = find(name);
        return slot == null ? null : slot.nextFilter;
    }

    @Override
    public NextFilter getNextFilter(IoFilter filter) {
        Slot slot = find(filter);
        return slot == null ? null : slot.nextFilter;
    }

    @Override
    public NextFilter getNextFilter(Class<? extends IoFilter> filterType) {
        Slot slot = find(filterType);
        return slot == null ? null : slot.nextFilter;
    }

    @Override
    public List<Entry> getAll() {
        List<Entry> entries = new ArrayList<>();
        for (Slot slot : slots()) {
            entries.add(new SlotEntry(slot));
        }
        return entries;
    }

    @Override
    public List<Entry> getAllReversed() {
        List<Entry> entries = getAll();
        Collections.reverse(entries);
        return entries;
    }

    @Override
    public boolean contains(String name) {
        return find(name) != null;
    }

    @Override
    public boolean contains(IoFilter filter) {
        return find(filter) != null;
    }

    @Override
    public boolean contains(Class<? extends IoFilter> filterType) {
        return find(filterType) != null;
    }

    // ---------------------------------------------------------------- changes

    /**
     * Takes the template's next entry when it is this filter under this name (what the
     * listener's builder does for every new session); anything else gives the session entries
     * of its own.
     */
    @Override
    public synchronized void addLast(String name, IoFilter filter) {
        int size = sharedSize;
        if (size != DETACHED && template != null && size < template.slots.length
                && template.slots[size].filter == filter && template.slots[size].name.equals(name)) {
            addWithHooks(template.slots[size]);
            return;
        }
        checkAddable(name);
        detach();
        register(last, name, filter);
    }

    @Override
    public synchronized void addFirst(String name, IoFilter filter) {
        checkAddable(name);
        detach();
        register(null, name, filter);
    }

    @Override
    public synchronized void addBefore(String baseName, String name, IoFilter filter) {
        Slot base = existing(baseName);
        checkAddable(name);
        detach();
        register(ownSlot(base).previous, name, filter);
    }

    @Override
    public synchronized void addAfter(String baseName, String name, IoFilter filter) {
        Slot base = existing(baseName);
        checkAddable(name);
        detach();
        register(ownSlot(base), name, filter);
    }

    @Override
    public synchronized IoFilter replace(String name, IoFilter newFilter) {
        Slot slot = existing(name);
        detach();
        return replace(ownSlot(slot), newFilter);
    }

    @Override
    public synchronized void replace(IoFilter oldFilter, IoFilter newFilter) {
        Slot slot = find(oldFilter);
        if (slot == null) {
            throw new IllegalArgumentException("Filter not found: " + oldFilter.getClass().getName());
        }
        detach();
        replace(ownSlot(slot), newFilter);
    }

    @Override
    public synchronized IoFilter replace(Class<? extends IoFilter> oldFilterType, IoFilter newFilter) {
        Slot slot = find(oldFilterType);
        if (slot == null) {
            throw new IllegalArgumentException("Filter not found: " + oldFilterType.getName());
        }
        detach();
        return replace(ownSlot(slot), newFilter);
    }

    private IoFilter replace(Slot slot, IoFilter newFilter) {
        IoFilter oldFilter = slot.filter;
        try {
            newFilter.onPreAdd(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            throw lifeCycleFailure("onPreAdd()", slot.name, newFilter, e);
        }
        slot.filter = newFilter;
        try {
            newFilter.onPostAdd(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            slot.filter = oldFilter;
            throw lifeCycleFailure("onPostAdd()", slot.name, newFilter, e);
        }
        return oldFilter;
    }

    @Override
    public synchronized IoFilter remove(String name) {
        Slot slot = existing(name);
        IoFilter filter = slot.filter;
        remove(slot);
        return filter;
    }

    @Override
    public synchronized void remove(IoFilter filter) {
        Slot slot = find(filter);
        if (slot == null) {
            throw new IllegalArgumentException("Filter not found: " + filter.getClass().getName());
        }
        remove(slot);
    }

    @Override
    public synchronized IoFilter remove(Class<? extends IoFilter> filterType) {
        Slot slot = find(filterType);
        if (slot == null) {
            throw new IllegalArgumentException("Filter not found: " + filterType.getName());
        }
        IoFilter filter = slot.filter;
        remove(slot);
        return filter;
    }

    /**
     * Removes one entry with its life-cycle calls. The last shared entry goes without detaching
     * (the chain keeps a shorter prefix), so the clear at every close costs no copy.
     */
    private void remove(Slot slot) {
        int size = sharedSize;
        if (size != DETACHED && slot.shared && slot.index == size - 1) {
            removeWithHooks(slot);
            return;
        }
        detach();
        removeWithHooks(ownSlot(slot));
    }

    /** Removes every entry, last first, as the tail does when the session has closed. */
    @Override
    public synchronized void clear() throws Exception {
        for (Slot slot = lastSlot(); slot != null; slot = lastSlot()) {
            try {
                remove(slot);
            } catch (Exception e) {
                throw new IoFilterLifeCycleException("clear(): " + slot.name + " in " + session, e);
            }
        }
    }

    private Slot existing(String name) {
        Slot slot = find(name);
        if (slot == null) {
            throw new IllegalArgumentException("Filter not found:" + name);
        }
        return slot;
    }

    private void checkAddable(String name) {
        if (find(name) != null) {
            throw new IllegalArgumentException("Other filter is using the same name '" + name + "'");
        }
    }

    /** Gives this chain entries of its own, copies of the shared ones it holds, linked in order. */
    private void detach() {
        int size = sharedSize;
        if (size == DETACHED) {
            return;
        }
        copies = new IdentityHashMap<>();
        Slot previous = null;
        for (int i = 0; i < size; i++) {
            Slot shared = template.slots[i];
            Slot copy = new Slot(shared.name, shared.filter, -1, false);
            copies.put(shared, copy);
            copy.previous = previous;
            if (previous == null) {
                first = copy;
            } else {
                previous.next = copy;
            }
            previous = copy;
        }
        last = previous;
        sharedSize = DETACHED;
    }

    /** A new entry of this chain's own, after {@code previous} (null: at the head). */
    private void register(Slot previous, String name, IoFilter filter) {
        Slot slot = new Slot(name, filter, -1, false);
        slot.previous = previous;
        slot.next = previous == null ? first : previous.next;
        addWithHooks(slot);
    }

    /**
     * As MINA's {@code register}: {@code onPreAdd}, the entry goes in, {@code onPostAdd} (the
     * entry goes out again if that fails). A shared entry goes in as the template's next one.
     */
    private void addWithHooks(Slot slot) {
        try {
            slot.filter.onPreAdd(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            throw lifeCycleFailure("onPreAdd()", slot.name, slot.filter, e);
        }
        link(slot);
        try {
            slot.filter.onPostAdd(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            unlink(slot);
            throw lifeCycleFailure("onPostAdd()", slot.name, slot.filter, e);
        }
    }

    /** As MINA's {@code deregister}. A shared entry goes out as the last of the prefix. */
    private void removeWithHooks(Slot slot) {
        try {
            slot.filter.onPreRemove(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            throw lifeCycleFailure("onPreRemove()", slot.name, slot.filter, e);
        }
        unlink(slot);
        try {
            slot.filter.onPostRemove(this, slot.name, slot.nextFilter);
        } catch (Exception e) {
            throw lifeCycleFailure("onPostRemove()", slot.name, slot.filter, e);
        }
    }

    private IoFilterLifeCycleException lifeCycleFailure(String step, String name, IoFilter filter, Exception cause) {
        return new IoFilterLifeCycleException(step + ": " + name + ':' + filter + " in " + session, cause);
    }

    /**
     * Links an own entry between its {@code previous} and {@code next}. A shared entry (always the
     * template's next) lengthens the prefix instead.
     */
    private void link(Slot slot) {
        if (slot.shared) {
            sharedSize = slot.index + 1;
            return;
        }
        if (slot.previous == null) {
            first = slot;
        } else {
            slot.previous.next = slot;
        }
        if (slot.next == null) {
            last = slot;
        } else {
            slot.next.previous = slot;
        }
    }

    /**
     * Unlinks, keeping the entry's own links so a walk already inside it goes on (as MINA's).
     * Shared entries: the prefix ends before this one (always its last).
     */
    private void unlink(Slot slot) {
        if (slot.shared) {
            sharedSize = slot.index;
            return;
        }
        if (slot.previous == null) {
            first = slot.next;
        } else {
            slot.previous.next = slot.next;
        }
        if (slot.next == null) {
            last = slot.previous;
        } else {
            slot.next.previous = slot.previous;
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{ ");
        List<Slot> slots = slots();
        for (int i = 0; i < slots.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append('(').append(slots.get(i).name).append(':').append(slots.get(i).filter).append(')');
        }
        return text.append(slots.isEmpty() ? "empty }" : " }").toString();
    }

    // ---------------------------------------------------------------- entries

    /**
     * The entries a listener's sessions share: the filters of its chain builder, in order. Build
     * one per builder state and give it to each new session's chain.
     */
    public static final class Template {
        private final Slot[] slots;

        private Template(Slot[] slots) {
            this.slots = slots;
        }

        /** The template for these builder entries ({@code DefaultIoFilterChainBuilder.getAll()}). */
        public static Template of(List<Entry> entries) {
            Slot[] slots = new Slot[entries.size()];
            for (int i = 0; i < slots.length; i++) {
                Entry entry = entries.get(i);
                slots[i] = new Slot(entry.getName(), entry.getFilter(), i, true);
            }
            return new Template(slots);
        }

        /** True when these builder entries are this template's filters, names and order. */
        public boolean matches(List<Entry> entries) {
            if (entries.size() != slots.length) {
                return false;
            }
            for (int i = 0; i < slots.length; i++) {
                Entry entry = entries.get(i);
                if (entry.getFilter() != slots[i].filter || !entry.getName().equals(slots[i].name)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One entry. A shared one ({@code shared}, with its place in the template) never changes and
     * serves every session of the listener; a detached chain's own entries are linked and may
     * have their filter replaced, as MINA's entries.
     */
    private static final class Slot {
        final String name;
        IoFilter filter;
        final int index;
        final boolean shared;
        Slot previous;
        Slot next;
        final NextFilter nextFilter;

        Slot(String name, IoFilter filter, int index, boolean shared) {
            this.name = Objects.requireNonNull(name, "name");
            this.filter = Objects.requireNonNull(filter, "filter");
            this.index = index;
            this.shared = shared;
            this.nextFilter = new SlotNextFilter(this);
        }
    }

    /** Hands each event on from one entry to the next in the session's own chain. */
    private static final class SlotNextFilter implements NextFilter {
        private final Slot slot;

        SlotNextFilter(Slot slot) {
            this.slot = slot;
        }

        @Override
        public void sessionCreated(IoSession session) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextSessionCreated(chain.nextOf(slot), session);
        }

        @Override
        public void sessionOpened(IoSession session) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextSessionOpened(chain.nextOf(slot), session);
        }

        @Override
        public void sessionClosed(IoSession session) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextSessionClosed(chain.nextOf(slot), session);
        }

        @Override
        public void sessionIdle(IoSession session, IdleStatus status) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextSessionIdle(chain.nextOf(slot), session, status);
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextExceptionCaught(chain.nextOf(slot), session, cause);
        }

        @Override
        public void inputClosed(IoSession session) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextInputClosed(chain.nextOf(slot), session);
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextMessageReceived(chain.nextOf(slot), session, message);
        }

        @Override
        public void messageSent(IoSession session, WriteRequest writeRequest) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextMessageSent(chain.nextOf(slot), session, writeRequest);
        }

        @Override
        public void event(IoSession session, FilterEvent event) {
            SharedFilterChain chain = chainOf(session);
            chain.callNextFilterEvent(chain.nextOf(slot), session, event);
        }

        @Override
        public void filterWrite(IoSession session, WriteRequest writeRequest) {
            SharedFilterChain chain = chainOf(session);
            chain.callPreviousFilterWrite(chain.previousOf(slot), session, writeRequest);
        }

        @Override
        public void filterClose(IoSession session) {
            SharedFilterChain chain = chainOf(session);
            chain.callPreviousFilterClose(chain.previousOf(slot), session);
        }

        @Override
        public String toString() {
            return "nextFilter of " + slot.name;
        }
    }

    /** An entry as {@link IoFilterChain} hands it out; changes through it go to this chain. */
    private final class SlotEntry implements Entry {
        private final Slot slot;

        SlotEntry(Slot slot) {
            this.slot = slot;
        }

        @Override
        public String getName() {
            return slot.name;
        }

        @Override
        public IoFilter getFilter() {
            return isShared() || !slot.shared ? slot.filter : ownSlot(slot).filter;
        }

        @Override
        public NextFilter getNextFilter() {
            return slot.nextFilter;
        }

        @Override
        public void addBefore(String name, IoFilter filter) {
            SharedFilterChain.this.addBefore(slot.name, name, filter);
        }

        @Override
        public void addAfter(String name, IoFilter filter) {
            SharedFilterChain.this.addAfter(slot.name, name, filter);
        }

        @Override
        public void replace(IoFilter newFilter) {
            SharedFilterChain.this.replace(slot.name, newFilter);
        }

        @Override
        public void remove() {
            SharedFilterChain.this.remove(slot.name);
        }

        @Override
        public String toString() {
            return "(" + slot.name + ':' + getFilter() + ')';
        }
    }
}
