package io.consilium.sandbox.sim;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import java.util.List;
import java.util.Set;

/**
 * A simulator that can run several transactions of one sender in order on one state (an approval and
 * the swap that spends it), each seeing what the ones before it did, and then forget them all.
 */
public interface BundleSimulator extends Simulator {
    /**
     * One simulation per transaction, in order, each with the asset changes between the state before it
     * and after it. Stops after the first that fails (the list is then shorter than {@code txs}).
     */
    List<Simulation> simulateBundle(List<Eip1559Tx> txs, Address from, Set<Address> holders);
}
