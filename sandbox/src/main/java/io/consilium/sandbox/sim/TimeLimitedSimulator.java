package io.consilium.sandbox.sim;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounds a simulator's wall time; running out of time is a {@link SimulationFailure} (deny). */
public final class TimeLimitedSimulator implements Simulator {
    private final Simulator inner;
    private final Duration limit;
    private final ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sim-", 0).factory());

    public TimeLimitedSimulator(Simulator inner, Duration limit) {
        this.inner = inner;
        this.limit = limit;
    }

    @Override
    public Simulation simulate(Eip1559Tx tx, Address from, Set<Address> holders) {
        Future<Simulation> f = pool.submit(() -> inner.simulate(tx, from, holders));
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new SimulationFailure("simulation timed out after " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new SimulationFailure("simulation interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SimulationFailure sf) {
                throw sf;
            }
            throw new SimulationFailure("simulation failed: " + c, c);
        }
    }

    @Override
    public long headBlock() {
        return inner.headBlock();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        inner.close();
    }
}
