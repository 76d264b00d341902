package io.consilium.sandbox.sim;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import java.util.Set;

/**
 * Runs a transaction on a real EVM without publishing it and reports what it would do. Any failure to
 * find out (timeout, RPC error, unsupported method, inconsistent answers) is a {@link SimulationFailure};
 * the pipeline treats it as a denial.
 */
public interface Simulator extends AutoCloseable {
    /**
     * @param tx      exactly the transaction that would be signed
     * @param from    its sender
     * @param holders the accounts whose balances and allowances to read before and after (ours)
     */
    Simulation simulate(Eip1559Tx tx, Address from, Set<Address> holders);

    /** The block the next simulation would run on top of. */
    long headBlock();

    @Override
    default void close() {}
}
