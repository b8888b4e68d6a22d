package io.freshet.storage.file;

import java.io.IOException;

/**
 * Tells a full disk from a failing one. A full disk is an ordinary, passing condition: the write is refused,
 * nothing else changes, and writes resume once space is freed. Any other I/O error means the disk can no longer be
 * trusted with the data (see {@code PartitionLog}'s storage failure).
 *
 * <p>The JDK gives no errno, only the kernel's message ({@code strerror}): ENOSPC is "No space left on device",
 * EDQUOT "Disk quota exceeded".
 */
public final class DiskFull {

    public static final String ENOSPC_MESSAGE = "No space left on device";
    public static final String EDQUOT_MESSAGE = "Disk quota exceeded";

    private DiskFull() {
    }

    /** True when the error, or one of its causes, is the kernel saying that the disk or the quota is full. */
    public static boolean isDiskFull(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains(ENOSPC_MESSAGE) || message.contains(EDQUOT_MESSAGE))) {
                return true;
            }
        }
        return false;
    }

    /** "disk full" or "I/O error", for messages. */
    public static String describe(IOException error) {
        return isDiskFull(error) ? "disk full" : "I/O error";
    }
}
