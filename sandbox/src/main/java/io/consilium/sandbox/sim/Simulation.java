package io.consilium.sandbox.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a transaction would do at {@code blockNumber}: whether it succeeded (else {@code revertReason}),
 * gas used, every call frame, every log, and the asset changes read before and after.
 * {@code simulator} names how it was obtained (e.g. "node-trace", "fork").
 */
public record Simulation(String simulator, long blockNumber, boolean success, String revertReason, BigInteger gasUsed,
                        List<CallFrame> calls, List<SimLog> logs, List<AssetChange> assetChanges) {
    public Simulation {
        calls = List.copyOf(calls);
        logs = List.copyOf(logs);
        assetChanges = List.copyOf(assetChanges);
    }

    /** Every address the execution touched: call targets and senders, log emitters. */
    @JsonIgnore
    public Set<Address> touched() {
        Set<Address> out = new TreeSet<>();
        for (CallFrame f : calls) {
            if (f.to() != null) out.add(f.to());
            if (f.from() != null) out.add(f.from());
        }
        for (SimLog l : logs) {
            out.add(l.address());
        }
        return out;
    }

    @JsonIgnore
    public List<AssetChange> balances() {
        return assetChanges.stream().filter(c -> c.kind() == AssetChange.Kind.BALANCE).toList();
    }

    @JsonIgnore
    public List<AssetChange> allowances() {
        return assetChanges.stream().filter(c -> c.kind() == AssetChange.Kind.ALLOWANCE).toList();
    }
}
