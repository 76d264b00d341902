package io.consilium.chain.rpc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A token bucket: at most {@code perSecond} permits a second on average, bursts up to {@code burst}. */
final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    RateLimiter(double perSecond, int burst) {
        this.perNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = System.nanoTime();
    }

    void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            tokens -= 1;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / perNano);
        }
        // The permit is already taken (tokens may go negative); sleeping outside the lock keeps order fair enough.
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
        }
    }
}
