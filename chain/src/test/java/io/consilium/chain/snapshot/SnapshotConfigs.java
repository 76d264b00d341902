package io.consilium.chain.snapshot;

import io.consilium.chain.domain.Address;
import io.consilium.chain.snapshot.SnapshotConfig.AllowanceRef;
import io.consilium.chain.snapshot.SnapshotConfig.PoolRef;
import io.consilium.chain.snapshot.SnapshotConfig.PoolType;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.chain.testbed.Testbed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshot configs covering a testbed's whole market. */
final class SnapshotConfigs {
    private SnapshotConfigs() {}

    static SnapshotConfig allOf(Testbed tb, int accounts) {
        AddressBook book = tb.addressBook();
        Map<String, Address> tokens = new LinkedHashMap<>();
        for (String s : List.of("WETH", "USDC", "WBTC", "DAI")) {
            tokens.put(s, book.token(s).address());
        }
        List<PoolRef> pools = new ArrayList<>();
        book.pools().values().stream().sorted(java.util.Comparator.comparing(PoolInfo::name)).forEach(p ->
                pools.add(new PoolRef(p.name(), p.kind() == PoolInfo.Kind.V2 ? PoolType.V2 : PoolType.V3, p.address(), 1)));
        List<AllowanceRef> allowances = List.of(
                new AllowanceRef(tb.accounts().getFirst(), book.contract("UniswapV2Router02"), "USDC"),
                new AllowanceRef(tb.accounts().getFirst(), book.contract("SwapRouter"), "WETH"));
        return new SnapshotConfig(book.contract("Multicall3"), tokens, tb.accounts().subList(0, accounts), allowances, pools);
    }
}
