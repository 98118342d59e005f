package dev.tsserver.core;

/** Getting from MINA's wrapped exceptions to the one that names the cause. */
public final class Failures {

    private Failures() {
    }

    /** The innermost cause, safe against a throwable that is its own cause. */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
