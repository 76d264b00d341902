package io.consilium.sandbox.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import io.consilium.sandbox.SandboxUserError;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {
    static Map<String, Address> testbedNames() {
        Map<String, Address> m = new HashMap<>();
        int i = 1;
        for (String n : List.of("WETH", "USDC", "DAI", "WBTC", "UniswapV2Router02", "SwapRouter", "QuoterV2",
                "NonfungiblePositionManager", "Multicall3")) {
            m.put(n, Address.of(String.format("0x%040x", i++)));
        }
        return m;
    }

    static Path defaultYaml() {
        return Path.of(System.getProperty("consilium.home"), "config", "policies", "default.yaml");
    }

    @Test
    void shippedDefaultPolicyLoadsAndResolvesTestbedNames() {
        Policy p = PolicyLoader.load(defaultYaml(), testbedNames());
        assertTrue(p.allowed().containsKey(testbedNames().get("UniswapV2Router02")));
        assertTrue(p.approvalSpenders().contains(testbedNames().get("SwapRouter")));
        assertFalse(p.allowUnlimitedApprovals());
        assertEquals(new BigInteger("15000000000"), p.tokens().get(testbedNames().get("USDC")).maxPerTx());
        assertEquals(new BigInteger("25000000"), p.tokens().get(testbedNames().get("WBTC")).maxPerTx());
        assertEquals("0xa22cb465", p.deniedSelectors().keySet().iterator().next());
    }

    @Test
    void withoutTheNamesTheDefaultPolicyAllowsNothing() {
        Policy p = PolicyLoader.load(defaultYaml(), Map.of());
        assertTrue(p.allowed().isEmpty());
        assertTrue(p.approvalSpenders().isEmpty());
    }

    @Test
    void unknownKeyNamesFileLineAndKey() {
        SandboxUserError e = assertThrows(SandboxUserError.class, () -> PolicyLoader.parse(
                "chains: [1]\nallow:\n  - id: x\n    contract: \"0x0000000000000000000000000000000000000001\"\n    fuctions: []\n", "p.yaml"));
        assertTrue(e.getMessage().startsWith("p.yaml line 5"), e.getMessage());
        assertTrue(e.getMessage().contains("allow[0].fuctions"), e.getMessage());
    }

    @Test
    void badValuesAreClearErrors() {
        SandboxUserError wrongType = assertThrows(SandboxUserError.class, () -> PolicyLoader.parse("chains: [x]\n", "p.yaml"));
        assertTrue(wrongType.getMessage().contains("chains"), wrongType.getMessage());
        SandboxUserError amount = assertThrows(SandboxUserError.class, () -> Policy.compile(PolicyLoader.parse(
                "chains: [1]\ntokens:\n  - {token: \"0x0000000000000000000000000000000000000001\", decimals: 6, maxPerTx: \"1.0000001\"}\n",
                "p.yaml"), Map.of(), "p.yaml"));
        assertTrue(amount.getMessage().contains("tokens[0].maxPerTx"), amount.getMessage());
        SandboxUserError noChains = assertThrows(SandboxUserError.class, () -> Policy.compile(PolicyLoader.parse(
                "version: 1\n", "p.yaml"), Map.of(), "p.yaml"));
        assertTrue(noChains.getMessage().contains("chains"));
        SandboxUserError denyName = assertThrows(SandboxUserError.class, () -> Policy.compile(PolicyLoader.parse(
                "chains: [1]\ndeny:\n  - contracts: [Nowhere]\n", "p.yaml"), Map.of(), "p.yaml"));
        assertTrue(denyName.getMessage().contains("deny[0].contracts[0]") && denyName.getMessage().contains("Nowhere"));
        SandboxUserError sig = assertThrows(SandboxUserError.class, () -> Policy.compile(PolicyLoader.parse(
                "chains: [1]\nallow:\n  - contract: \"0x0000000000000000000000000000000000000001\"\n    functions: [{signature: \"f(uint7)\"}]\n",
                "p.yaml"), Map.of(), "p.yaml"));
        assertTrue(sig.getMessage().contains("allow[0].functions[0].signature"), sig.getMessage());
        assertThrows(SandboxUserError.class, () -> PolicyLoader.load(Path.of("no/such/policy.yaml"), Map.of()));
    }
}
