package io.consilium.sandbox.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** Rate limits per sender and replay detection per request identity, both in sliding windows. */
public final class RequestGuard {
    private final Map<String, Deque<Long>> bySender = new HashMap<>();
    private final Map<String, Long> seen = new HashMap<>();

    /** Counts this request; false if the sender already made {@code max} within the window. */
    public synchronized boolean admit(String sender, int max, long windowMillis, long now) {
        Deque<Long> d = bySender.computeIfAbsent(sender, k -> new ArrayDeque<>());
        while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
            d.removeFirst();
        }
        if (d.size() >= max) {
            return false;
        }
        d.addLast(now);
        return true;
    }

    /** Counts a request made before a restart (read back from the journal), without a limit check. */
    public synchronized void recount(String sender, long at) {
        Deque<Long> d = bySender.computeIfAbsent(sender, k -> new ArrayDeque<>());
        d.addLast(at); // journal order is time order, so the deque stays sorted
    }

    /** True if this key was already accepted within the window. */
    public synchronized boolean isReplay(String key, long windowMillis, long now) {
        Long at = seen.get(key);
        return at != null && at > now - windowMillis;
    }

    /** Atomically: false if the key was accepted within the window, else records it and returns true. */
    public synchronized boolean tryClaim(String key, long windowMillis, long now) {
        if (isReplay(key, windowMillis, now)) {
            return false;
        }
        remember(key, now);
        return true;
    }

    public synchronized void remember(String key, long now) {
        seen.put(key, now);
        if (seen.size() > 100_000) {
            seen.values().removeIf(t -> t < now - 86_400_000L);
        }
    }

    public synchronized void forget(String key) {
        seen.remove(key);
    }
}
