package dev.tsserver.core.time;

/** The timestamp styles of the reply prefix. */
public enum TimestampFormat {
    /** {@code Tue Nov 24 14:03:39 2026}, as C and Python {@code ctime()}. */
    CTIME,
    /** {@code 2026-11-24T14:03:39.123Z}: ISO-8601, milliseconds and offset. */
    ISO,
    /** {@code 1795615419123}: milliseconds since the epoch. */
    EPOCH
}
