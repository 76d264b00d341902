package io.consilium.sandbox.policy;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.abi.AbiTypes;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.sandbox.SandboxUserError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy with every name resolved to an address and every amount parsed: what {@link PolicyEngine}
 * evaluates. Allow entries naming a contract the address book does not know are dropped (with a
 * warning): with deny-by-default that only ever allows less. Unknown names in deny entries are errors.
 */
public record Policy(String source, Set<ChainId> chains, Set<Address> ownAccounts, Map<String, Address> addressBook,
                     Map<Address, List<AllowedFunction>> allowed, Map<Address, String> deniedContracts,
                     Map<String, String> deniedSelectors, Set<Address> approvalSpenders, BigInteger approvalMax,
                     boolean allowUnlimitedApprovals, Map<Address, TokenLimits> tokens, Double usdMaxPerTx,
                     Double usdMaxPerWindow, long windowSeconds, Integer maxSlippageBps, long maxDeadlineSeconds,
                     BigInteger maxGas, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas, int maxRequests,
                     long ratePerSeconds, long replayWindowSeconds, Path killSwitchFile, Double humanApprovalAboveUsd,
                     long humanApprovalTimeoutSeconds) {
    private static final Logger log = LoggerFactory.getLogger(Policy.class);
    /** Anything at or above 2^255 is treated as "unlimited" (covers type(uint256).max and near-max tricks). */
    public static final BigInteger UNLIMITED = BigInteger.ONE.shiftLeft(255);

    /** One allowed function of one contract, with its argument conditions ({@code null}: no condition). */
    public record AllowedFunction(String ruleId, String signature, String selector, int[] recipient, int[] minOut,
                                  int[] deadline, int[] amount, BigInteger maxAmount, boolean payable, boolean multicall) {}

    /** Limits for one token ({@link Address#ZERO} = native coin), in base units. */
    public record TokenLimits(Address token, String name, int decimals, BigInteger maxPerTx, BigInteger maxPerWindow,
                              Double usdPrice) {}

    public boolean isKnown(Address a) {
        return ownAccounts.contains(a) || addressBook.containsValue(a);
    }

    public Optional<String> nameOf(Address a) {
        return addressBook.entrySet().stream().filter(e -> e.getValue().equals(a)).map(Map.Entry::getKey).findFirst();
    }

    public static Policy compile(PolicyConfig c, Map<String, Address> runtimeBook, String source) {
        Resolver r = new Resolver(source, runtimeBook, c.addressBook());
        Set<ChainId> chains = new LinkedHashSet<>();
        for (Long id : nn(c.chains())) {
            chains.add(ChainId.of(id));
        }
        Set<Address> own = new LinkedHashSet<>();
        for (int i = 0; i < nn(c.ownAccounts()).size(); i++) {
            own.add(r.required(c.ownAccounts().get(i), "ownAccounts[" + i + "]"));
        }
        Map<Address, List<AllowedFunction>> allowed = new LinkedHashMap<>();
        for (int i = 0; i < nn(c.allow()).size(); i++) {
            PolicyConfig.Allow a = c.allow().get(i);
            String key = "allow[" + i + "]";
            String id = a.id() != null ? a.id() : key;
            Optional<Address> contract = r.optional(a.contract(), key + ".contract");
            if (contract.isEmpty()) {
                log.warn("{}: {}.contract '{}' is not in the address book; rule {} allows nothing", source, key, a.contract(), id);
                continue;
            }
            for (int j = 0; j < nn(a.functions()).size(); j++) {
                allowed.computeIfAbsent(contract.get(), k -> new ArrayList<>())
                        .add(function(a.functions().get(j), id, key + ".functions[" + j + "]", source));
            }
        }
        Map<Address, String> deniedContracts = new HashMap<>();
        Map<String, String> deniedSelectors = new HashMap<>();
        for (int i = 0; i < nn(c.deny()).size(); i++) {
            PolicyConfig.Deny d = c.deny().get(i);
            String key = "deny[" + i + "]";
            String id = d.id() != null ? d.id() : key;
            for (int j = 0; j < nn(d.contracts()).size(); j++) {
                deniedContracts.put(r.required(d.contracts().get(j), key + ".contracts[" + j + "]"), id);
            }
            for (int j = 0; j < nn(d.selectors()).size(); j++) {
                deniedSelectors.put(selector(d.selectors().get(j), source, key + ".selectors[" + j + "]"), id);
            }
        }
        Set<Address> spenders = new LinkedHashSet<>();
        BigInteger approvalMax = null;
        boolean unlimited = false;
        if (c.approvals() != null) {
            for (int i = 0; i < nn(c.approvals().spenders()).size(); i++) {
                r.optional(c.approvals().spenders().get(i), "approvals.spenders[" + i + "]").ifPresent(spenders::add);
            }
            approvalMax = c.approvals().maxAmount() == null ? null
                    : integer(c.approvals().maxAmount(), source, "approvals.maxAmount");
            unlimited = Boolean.TRUE.equals(c.approvals().allowUnlimited());
        }
        Map<Address, TokenLimits> tokens = new LinkedHashMap<>();
        for (int i = 0; i < nn(c.tokens()).size(); i++) {
            PolicyConfig.TokenRule t = c.tokens().get(i);
            String key = "tokens[" + i + "]";
            boolean nativeCoin = "native".equalsIgnoreCase(String.valueOf(t.token()));
            Optional<Address> addr = nativeCoin ? Optional.of(Address.ZERO) : r.optional(t.token(), key + ".token");
            if (addr.isEmpty()) {
                log.warn("{}: {}.token '{}' is not in the address book; it is not tradable", source, key, t.token());
                continue;
            }
            int dec = t.decimals() != null ? t.decimals() : nativeCoin ? 18 : -1;
            if (dec < 0 || dec > 77) {
                throw new SandboxUserError(source + ": key '" + key + ".decimals' is required (0..77) to read the caps in token units");
            }
            tokens.put(addr.get(), new TokenLimits(addr.get(), t.token(), dec, human(t.maxPerTx(), dec, source, key + ".maxPerTx"),
                    human(t.maxPerWindow(), dec, source, key + ".maxPerWindow"), t.usdPrice()));
        }
        PolicyConfig.Usd usd = c.usd() == null ? new PolicyConfig.Usd(null, null, null) : c.usd();
        PolicyConfig.Gas gas = c.gas() == null ? new PolicyConfig.Gas(null, null, null) : c.gas();
        PolicyConfig.RateLimit rate = c.rateLimit() == null ? new PolicyConfig.RateLimit(null, null, null) : c.rateLimit();
        PolicyConfig.HumanApproval ha = c.humanApproval() == null ? new PolicyConfig.HumanApproval(null, null) : c.humanApproval();
        if (chains.isEmpty()) {
            throw new SandboxUserError(source + ": key 'chains' must list at least one chain id (e.g. [31337])");
        }
        return new Policy(source, chains, own, r.book, allowed, deniedContracts, deniedSelectors, spenders, approvalMax,
                unlimited, tokens, usd.maxPerTx(), usd.maxPerWindow(), usd.windowSeconds() == null ? 86_400 : usd.windowSeconds(),
                c.slippage() == null ? null : c.slippage().maxBps(),
                c.deadline() == null || c.deadline().maxSeconds() == null ? 1_800 : c.deadline().maxSeconds(),
                integerOrNull(gas.maxGas(), source, "gas.maxGas"), integerOrNull(gas.maxFeePerGas(), source, "gas.maxFeePerGas"),
                integerOrNull(gas.maxPriorityFeePerGas(), source, "gas.maxPriorityFeePerGas"),
                rate.maxRequests() == null ? 60 : rate.maxRequests(), rate.perSeconds() == null ? 60 : rate.perSeconds(),
                rate.replayWindowSeconds() == null ? 3_600 : rate.replayWindowSeconds(),
                c.killSwitch() == null || c.killSwitch().file() == null ? null : Path.of(c.killSwitch().file()),
                ha.aboveUsd(), ha.timeoutSeconds() == null ? 600 : ha.timeoutSeconds());
    }

    private static AllowedFunction function(PolicyConfig.Function f, String id, String key, String source) {
        if (f.signature() == null) {
            throw new SandboxUserError(source + ": key '" + key + ".signature' is required, e.g. \"swapExactTokensForTokens(uint256,uint256,address[],address,uint256)\"");
        }
        String sig;
        try {
            sig = AbiTypes.parseSignature(f.signature()).canonical();
        } catch (RuntimeException e) {
            throw new SandboxUserError(source + ": key '" + key + ".signature': " + e.getMessage());
        }
        return new AllowedFunction(id, sig, Abi.selectorHex(sig), argPath(f.recipient(), source, key + ".recipient"),
                argPath(f.minOut(), source, key + ".minOut"), argPath(f.deadline(), source, key + ".deadline"),
                argPath(f.amount(), source, key + ".amount"), integerOrNull(f.maxAmount(), source, key + ".maxAmount"),
                Boolean.TRUE.equals(f.payable()), Boolean.TRUE.equals(f.multicall()));
    }

    private static int[] argPath(String p, String source, String key) {
        if (p == null) {
            return null;
        }
        try {
            String[] parts = p.trim().split("\\.");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i]);
            }
            return out;
        } catch (NumberFormatException e) {
            throw new SandboxUserError(source + ": key '" + key + "' must be an argument index like \"3\" or \"0.3\", got '" + p + "'");
        }
    }

    private static String selector(String s, String source, String key) {
        String t = s.trim();
        if (t.matches("0x[0-9a-fA-F]{8}")) {
            return t.toLowerCase(Locale.ROOT);
        }
        try {
            return Abi.selectorHex(t);
        } catch (RuntimeException e) {
            throw new SandboxUserError(source + ": key '" + key + "' must be 0x + 8 hex digits or a signature, got '" + s + "'");
        }
    }

    private static BigInteger integerOrNull(String s, String source, String key) {
        return s == null ? null : integer(s, source, key);
    }

    private static BigInteger integer(String s, String source, String key) {
        try {
            BigInteger v = new BigInteger(s.replace("_", "").trim());
            if (v.signum() < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SandboxUserError(source + ": key '" + key + "' must be a non-negative whole number, got '" + s + "'");
        }
    }

    private static BigInteger human(String s, int decimals, String source, String key) {
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.replace("_", "").trim()).movePointRight(decimals).toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SandboxUserError(source + ": key '" + key + "' must be an amount in token units with at most "
                    + decimals + " decimals, got '" + s + "'");
        }
    }

    private static <T> List<T> nn(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** Names → addresses: the policy's own addressBook first, then the run-time one. */
    private static final class Resolver {
        final String source;
        final Map<String, Address> book = new LinkedHashMap<>();

        Resolver(String source, Map<String, Address> runtime, Map<String, String> own) {
            this.source = source;
            if (runtime != null) {
                book.putAll(runtime);
            }
            if (own != null) {
                own.forEach((k, v) -> {
                    try {
                        book.put(k, Address.of(v));
                    } catch (IllegalArgumentException e) {
                        throw new SandboxUserError(source + ": key 'addressBook." + k + "' is not an address: " + v);
                    }
                });
            }
        }

        Optional<Address> optional(String ref, String key) {
            if (ref == null) {
                throw new SandboxUserError(source + ": key '" + key + "' is required (a 0x address or an address-book name)");
            }
            if (ref.startsWith("0x")) {
                try {
                    return Optional.of(Address.of(ref));
                } catch (IllegalArgumentException e) {
                    throw new SandboxUserError(source + ": key '" + key + "' is not an address: " + ref);
                }
            }
            return Optional.ofNullable(book.get(ref));
        }

        Address required(String ref, String key) {
            return optional(ref, key).orElseThrow(() -> new SandboxUserError(source + ": key '" + key + "': unknown name '"
                    + ref + "' (add it to addressBook or write the 0x address)"));
        }
    }
}
