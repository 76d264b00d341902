package io.consilium.sandbox.pipeline;

import io.consilium.chain.domain.Address;
import io.consilium.sandbox.sim.AssetChange;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The virtual portfolio paper mode books simulated outcomes to: net deltas per (holder, token). */
public final class PaperPortfolio {
    private final Map<Address, Map<Address, BigInteger>> deltas = new HashMap<>();

    public synchronized void book(List<AssetChange> changes, Set<Address> ours) {
        for (AssetChange c : changes) {
            if (c.kind() == AssetChange.Kind.BALANCE && ours.contains(c.holder())) {
                deltas.computeIfAbsent(c.holder(), k -> new HashMap<>()).merge(c.token(), c.deltaValue(), BigInteger::add);
            }
        }
    }

    /** Net change of {@code token} ({@link Address#ZERO}: native) for {@code holder} since start. */
    public synchronized BigInteger delta(Address holder, Address token) {
        return deltas.getOrDefault(holder, Map.of()).getOrDefault(token, BigInteger.ZERO);
    }

    public synchronized Map<Address, Map<Address, BigInteger>> snapshot() {
        Map<Address, Map<Address, BigInteger>> out = new HashMap<>();
        deltas.forEach((h, m) -> out.put(h, Map.copyOf(m)));
        return out;
    }
}
