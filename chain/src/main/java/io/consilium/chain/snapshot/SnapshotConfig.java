package io.consilium.chain.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a snapshot reads. YAML form:
 * <pre>
 * multicall: 0xcA11bde05977b3631167028862bE2a173976CA11   # optional, this is the default
 * tokens: {USDC: 0x…, WETH: 0x…}                            # symbol → address
 * accounts: [0x…, 0x…]                                     # native + every token balance
 * allowances: [{owner: 0x…, spender: 0x…, token: USDC}]
 * pools:
 *   - {name: V2:WETH/USDC, type: v2, address: 0x…}
 *   - {name: V3:WETH/USDC:500, type: v3, address: 0x…, tickWords: 1}   # bitmap words each side of the price
 * </pre>
 */
public record SnapshotConfig(Address multicall, Map<String, Address> tokens, List<Address> accounts,
                             List<AllowanceRef> allowances, List<PoolRef> pools) {
    public SnapshotConfig {
        tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        accounts = List.copyOf(accounts);
        allowances = List.copyOf(allowances);
        pools = List.copyOf(pools);
    }

    public record AllowanceRef(Address owner, Address spender, String token) {}

    public enum PoolType { V2, V3 }

    public record PoolRef(String name, PoolType type, Address address, int tickWords) {}

    public static SnapshotConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ChainUserError("cannot read pools config " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ChainUserError(file + ": expected a YAML mapping with tokens/accounts/pools");
        }
        Address multicall = root.has("multicall") ? address(file, "multicall", root.get("multicall")) : Multicall3.CANONICAL;
        Map<String, Address> tokens = new LinkedHashMap<>();
        root.path("tokens").properties().forEach(e -> tokens.put(e.getKey(), address(file, "tokens." + e.getKey(), e.getValue())));
        List<Address> accounts = new ArrayList<>();
        int i = 0;
        for (JsonNode a : root.path("accounts")) {
            accounts.add(address(file, "accounts[" + i++ + "]", a));
        }
        List<AllowanceRef> allowances = new ArrayList<>();
        i = 0;
        for (JsonNode a : root.path("allowances")) {
            String key = "allowances[" + i++ + "]";
            String token = text(file, key + ".token", a.get("token"));
            if (!tokens.containsKey(token)) {
                throw new ChainUserError(file + ": " + key + ".token '" + token + "' is not listed under tokens");
            }
            allowances.add(new AllowanceRef(address(file, key + ".owner", a.get("owner")),
                    address(file, key + ".spender", a.get("spender")), token));
        }
        List<PoolRef> pools = new ArrayList<>();
        i = 0;
        for (JsonNode p : root.path("pools")) {
            String key = "pools[" + i++ + "]";
            String type = text(file, key + ".type", p.get("type")).toUpperCase(java.util.Locale.ROOT);
            if (!type.equals("V2") && !type.equals("V3")) {
                throw new ChainUserError(file + ": " + key + ".type must be v2 or v3, got '" + type + "'");
            }
            Address addr = address(file, key + ".address", p.get("address"));
            String name = p.hasNonNull("name") ? p.get("name").asText() : type + ":" + addr;
            int words = p.path("tickWords").asInt(1);
            if (words < 0 || words > 16) {
                throw new ChainUserError(file + ": " + key + ".tickWords must be 0..16, got " + words);
            }
            pools.add(new PoolRef(name, PoolType.valueOf(type), addr, words));
        }
        return new SnapshotConfig(multicall, tokens, accounts, allowances, pools);
    }

    private static Address address(Path file, String key, JsonNode n) {
        if (n != null && n.isIntegralNumber()) {
            // YAML 1.1 reads an unquoted 0x… as a hex integer; an address is still what was meant
            String hex = n.bigIntegerValue().toString(16);
            if (hex.length() <= 40 && n.bigIntegerValue().signum() >= 0) {
                return Address.of("0x" + "0".repeat(40 - hex.length()) + hex);
            }
        }
        String s = text(file, key, n);
        try {
            return Address.of(s);
        } catch (IllegalArgumentException e) {
            throw new ChainUserError(file + ": " + key + " is not an address (0x + 40 hex digits): " + s);
        }
    }

    private static String text(Path file, String key, JsonNode n) {
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new ChainUserError(file + ": missing " + key);
        }
        return n.asText();
    }

    static boolean exists(Path p) {
        return Files.isRegularFile(p);
    }
}
