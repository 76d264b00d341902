package io.consilium.sandbox.sim;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.Hex;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Derives asset changes by reading balances and allowances before and after, for every token and
 * spender the execution touched. Logs only widen the set of addresses read; they never supply amounts,
 * since a hostile token can emit whatever Transfer events it likes.
 */
final class AssetChangeReader {
    private static final String APPROVE = Abi.selectorHex("approve(address,uint256)");
    private static final String INCREASE = Abi.selectorHex("increaseAllowance(address,uint256)");
    private static final String PERMIT = Abi.selectorHex("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)");

    private AssetChangeReader() {}

    static List<AssetChange> read(StateView before, StateView after, Set<Address> holders, List<CallFrame> calls,
                                  List<SimLog> logs) {
        Set<Address> candidates = new LinkedHashSet<>();
        Set<Address> spenders = new LinkedHashSet<>();
        for (CallFrame f : calls) {
            if (f.to() != null) {
                candidates.add(f.to());
                spenders.add(f.to());
            }
            if (f.from() != null) {
                spenders.add(f.from());
            }
            spenderArgument(f).ifPresent(spenders::add);
        }
        for (SimLog l : logs) {
            candidates.add(l.address());
            // topics 1 and 2 of Transfer/Approval are addresses: read them as possible spenders too
            for (int i = 1; i < Math.min(3, l.topics().size()); i++) {
                topicAddress(l.topics().get(i)).ifPresent(spenders::add);
            }
        }
        candidates.removeAll(holders);
        spenders.removeAll(holders);
        spenders.remove(Address.ZERO);

        List<AssetChange> out = new ArrayList<>();
        for (Address h : holders) {
            BigInteger b = before.nativeBalance(h);
            BigInteger a = after.nativeBalance(h);
            if (!a.equals(b)) {
                out.add(AssetChange.balance(Address.ZERO, h, b, a));
            }
        }
        for (Address token : candidates) {
            boolean isToken = false;
            for (Address h : holders) {
                byte[] q = Abi.encodeCall("balanceOf(address)", h);
                Optional<BigInteger> b = before.callUint(token, q);
                Optional<BigInteger> a = after.callUint(token, q);
                if (b.isEmpty() && a.isEmpty()) {
                    continue;
                }
                isToken = true;
                BigInteger bv = b.orElse(BigInteger.ZERO);
                BigInteger av = a.orElse(BigInteger.ZERO);
                if (!av.equals(bv)) {
                    out.add(AssetChange.balance(token, h, bv, av));
                }
            }
            if (!isToken) {
                continue;
            }
            for (Address h : holders) {
                for (Address s : spenders) {
                    if (s.equals(token)) {
                        continue;
                    }
                    byte[] q = Abi.encodeCall("allowance(address,address)", h, s);
                    BigInteger bv = before.callUint(token, q).orElse(BigInteger.ZERO);
                    BigInteger av = after.callUint(token, q).orElse(BigInteger.ZERO);
                    if (!av.equals(bv)) {
                        out.add(AssetChange.allowance(token, h, s, bv, av));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Address> spenderArgument(CallFrame f) {
        String sel = f.selector();
        byte[] in = f.inputBytes();
        try {
            if ((sel.equals(APPROVE) || sel.equals(INCREASE)) && in.length >= 36) {
                return Optional.of(Abi.decodeCall(sel.equals(APPROVE) ? "approve(address,uint256)"
                        : "increaseAllowance(address,uint256)", in).address(0));
            }
            if (sel.equals(PERMIT) && in.length >= 68) {
                return Optional.of(Abi.decodeCall("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)", in).address(1));
            }
        } catch (RuntimeException e) {
            // malformed calldata: nothing to add; the frame's target is still read
        }
        return Optional.empty();
    }

    private static Optional<Address> topicAddress(String topic) {
        String t = topic.toLowerCase(Locale.ROOT);
        if (t.length() != 66 || !t.startsWith("0x000000000000000000000000")) {
            return Optional.empty();
        }
        return Optional.of(Address.of("0x" + t.substring(26)));
    }

    static Optional<BigInteger> uintResult(String hex) {
        byte[] b = Hex.bytes(hex);
        if (b.length < 32) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger(1, java.util.Arrays.copyOf(b, 32)));
    }
}
