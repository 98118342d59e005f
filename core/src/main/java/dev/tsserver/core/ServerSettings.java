package dev.tsserver.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.protocol.ProtocolProvider;
import dev.tsserver.core.protocol.ProtocolRegistry;

/**
 * What every listener of one server shares: the I/O threads, the executor's workers, the one
 * stop deadline, the clock, and where codec and protocol names are looked up. Immutable; made
 * only by {@link Builder}. Per-listener settings are in {@link ListenerSettings}.
 */
public final class ServerSettings {

    /**
     * Workers given to a protocol that must not run on the I/O threads
     * ({@link ProtocolProvider#runsOnIoThreads()} false) when the server has none.
     */
    public static final int DEFAULT_BLOCKING_WORKERS = 16;

    private final int ioThreads;
    private final int workers;
    private final Duration stopTimeout;
    private final Clock clock;
    private final CodecRegistry codecRegistry;
    private final ProtocolRegistry protocolRegistry;
    private final boolean countReads;
    private final long maxQueuedReplyBytes;
    private final Duration drainDelay;

    private ServerSettings(Builder b) {
        ioThreads = b.ioThreads;
        workers = b.workers;
        stopTimeout = b.stopTimeout;
        clock = b.clock;
        codecRegistry = b.codecRegistry != null ? b.codecRegistry : CodecRegistry.discover();
        protocolRegistry = b.protocolRegistry != null ? b.protocolRegistry : ProtocolRegistry.discover();
        countReads = b.countReads;
        maxQueuedReplyBytes = b.maxQueuedReplyBytes;
        drainDelay = b.drainDelay;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** NIO processor threads, shared by every TCP listener. */
    public int ioThreads() {
        return ioThreads;
    }

    /** Threads of the executor filter; 0: handlers run on the I/O threads. */
    public int workers() {
        return workers;
    }

    /**
     * One budget for the replies queued on every TCP connection of every listener together,
     * bookkeeping included; once spent, only connections with nothing queued read on (see
     * {@link dev.tsserver.core.chain.ReplyMemoryFilter}).
     */
    public long maxQueuedReplyBytes() {
        return maxQueuedReplyBytes;
    }

    /** How long a stop waits for replies to drain, for all listeners together. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /**
     * How long a stop keeps serving, already not ready, before it stops accepting (see
     * {@link Builder#drainDelay}); zero by default.
     */
    public Duration drainDelay() {
        return drainDelay;
    }

    public Clock clock() {
        return clock;
    }

    public CodecRegistry codecRegistry() {
        return codecRegistry;
    }

    public ProtocolRegistry protocolRegistry() {
        return protocolRegistry;
    }

    public boolean countReads() {
        return countReads;
    }

    /**
     * The protocol a listener runs: its provider instance, or its name looked up here.
     *
     * @throws dev.tsserver.core.protocol.UnknownProtocolException if the name is unknown
     */
    public ProtocolProvider protocolOf(ListenerSettings listener) {
        return listener.protocolProvider().orElseGet(() -> protocolRegistry.get(listener.protocol()));
    }

    /**
     * Checks that the listener's codec and protocol names are known here, before anything is
     * bound.
     *
     * @throws dev.tsserver.codec.spi.UnknownCodecException if the codec is unknown
     * @throws dev.tsserver.core.protocol.UnknownProtocolException if the protocol is unknown
     */
    public void check(ListenerSettings listener) {
        codecRegistry.get(listener.codec());
        protocolOf(listener);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerSettings other && ioThreads == other.ioThreads && workers == other.workers
                && stopTimeout.equals(other.stopTimeout) && clock.equals(other.clock)
                && codecRegistry == other.codecRegistry && protocolRegistry == other.protocolRegistry
                && countReads == other.countReads && maxQueuedReplyBytes == other.maxQueuedReplyBytes
                && drainDelay.equals(other.drainDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ioThreads, workers, stopTimeout, countReads);
    }

    /** Builds {@link ServerSettings}; every value starts at its default. */
    public static final class Builder {
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int workers = TsServerConfig.DEFAULT_WORKERS;
        private Duration stopTimeout = Duration.ofMillis(3500); // leaves the process 1.5 s of the SPEC's 5 to exit
        private Clock clock = Clock.systemUTC();
        private CodecRegistry codecRegistry;
        private ProtocolRegistry protocolRegistry;
        private boolean countReads;
        private long maxQueuedReplyBytes = dev.tsserver.core.chain.ReplyMemoryBudget.defaultLimit();
        private Duration drainDelay = Duration.ZERO;

        private Builder() {
        }

        private Builder(ServerSettings s) {
            ioThreads = s.ioThreads;
            workers = s.workers;
            stopTimeout = s.stopTimeout;
            clock = s.clock;
            codecRegistry = s.codecRegistry;
            protocolRegistry = s.protocolRegistry;
            countReads = s.countReads;
            maxQueuedReplyBytes = s.maxQueuedReplyBytes;
            drainDelay = s.drainDelay;
        }

        /** NIO processor threads shared by the TCP listeners; default: the number of CPUs. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /** Threads of the executor filter; 0 leaves the executor out (handlers run on I/O threads). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** How long a stop waits for replies to drain before it drops connections. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /**
         * How long {@link TsServer#close()} keeps serving before it stops accepting (default
         * zero). The server reports not ready ({@link ServerCounters#isDraining()}, the admin
         * endpoint's {@code /health/ready} 503) from the start of the stop, but goes on accepting
         * and answering for this long, so that a load balancer's health checks take it out of
         * rotation while it still serves; only then does the lossless stop run, bounded by
         * {@link #stopTimeout}. A stop therefore takes up to drain delay + stop timeout. Give
         * it at least the balancer's time to notice ({@code fall x inter} in HAProxy).
         */
        public Builder drainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
            return this;
        }

        /** The clock timestamps read; tests pass a fixed one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where codec names are looked up; by default the built-ins plus ServiceLoader plug-ins. */
        public Builder codecRegistry(CodecRegistry codecRegistry) {
            this.codecRegistry = codecRegistry;
            return this;
        }

        /** Where protocol names are looked up; by default the built-ins plus ServiceLoader plug-ins. */
        public Builder protocolRegistry(ProtocolRegistry protocolRegistry) {
            this.protocolRegistry = protocolRegistry;
            return this;
        }

        /**
         * Counts every read per peer, before the codec, for {@link TsServer#reads()} (the
         * boundary experiment). Off by default: the normal path pays nothing for it.
         */
        public Builder countReads(boolean countReads) {
            this.countReads = countReads;
            return this;
        }

        /**
         * The budget for replies queued on all TCP connections together, bookkeeping included
         * (default: 256 MiB, or a quarter of the maximum heap if that is less). Once it is spent
         * the server reads only from connections that have nothing queued, in small steps.
         */
        public Builder maxQueuedReplyBytes(long maxQueuedReplyBytes) {
            this.maxQueuedReplyBytes = maxQueuedReplyBytes;
            return this;
        }

        /** @throws InvalidSettingException naming the first bad value */
        public ServerSettings build() {
            if (workers < 0) {
                throw new InvalidSettingException("workers", "must be 0 or more, was " + workers);
            }
            if (ioThreads < 1) {
                throw new InvalidSettingException("io-threads", "must be at least 1, was " + ioThreads);
            }
            if (stopTimeout == null || stopTimeout.isNegative()) {
                throw new InvalidSettingException("stop-timeout", "timeouts must not be negative");
            }
            if (drainDelay == null || drainDelay.isNegative()) {
                throw new InvalidSettingException("drain-delay", "must be 0 or more seconds, was " + drainDelay);
            }
            if (maxQueuedReplyBytes < 1) {
                throw new InvalidSettingException("max-queued-reply-bytes",
                        "must be at least 1, was " + maxQueuedReplyBytes);
            }
            Objects.requireNonNull(clock, "clock");
            return new ServerSettings(this);
        }
    }
}
