package io.consilium.sandbox.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.domain.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EIP-712 signature requests: a Permit is an approval that never shows up as a transaction. */
class TypedDataRulesTest {
    static final Address ME = PolicyEngineTest.ME;
    static final String USDC = PolicyEngineTest.USDC.toString();
    static final String ROUTER = PolicyEngineTest.ROUTER.toString();
    static final String STRANGER = "0x000000000000000000000000000000000000bEEF";

    static JsonNode permit(String token, String spender, String value) throws Exception {
        return new ObjectMapper().readTree("""
                {"primaryType": "Permit",
                 "domain": {"name": "USD Coin", "version": "1", "chainId": 31337, "verifyingContract": "%s"},
                 "message": {"owner": "%s", "spender": "%s", "value": "%s", "nonce": 0, "deadline": 1999999999}}
                """.formatted(token, ME, spender, value));
    }

    static boolean denied(List<RuleResult> rs) {
        return rs.stream().anyMatch(r -> r.outcome() == RuleResult.Outcome.DENY);
    }

    @Test // attack: EIP-712 Permit signature to an unknown spender
    void permitToUnknownSpenderIsDenied() throws Exception {
        assertTrue(denied(TypedDataRules.check(PolicyEngineTest.policy(), permit(USDC, STRANGER, "1000"), ME)));
    }

    @Test // attack: EIP-712 Permit for the max amount to an allowed router
    void unlimitedPermitIsDenied() throws Exception {
        assertTrue(denied(TypedDataRules.check(PolicyEngineTest.policy(), permit(USDC, ROUTER,
                "115792089237316195423570985008687907853269984665640564039457584007913129639935"), ME)));
    }

    @Test // attack: Permit2 PermitSingle to an unknown spender, and typed data of an unknown type
    void permit2AndUnknownTypesAreDenied() throws Exception {
        JsonNode p2 = new ObjectMapper().readTree("""
                {"primaryType": "PermitSingle", "domain": {"name": "Permit2", "chainId": 31337},
                 "message": {"details": {"token": "%s", "amount": "1000", "expiration": 0, "nonce": 0},
                             "spender": "%s", "sigDeadline": 1999999999}}
                """.formatted(USDC, STRANGER));
        assertTrue(denied(TypedDataRules.check(PolicyEngineTest.policy(), p2, ME)));
        JsonNode p2max = new ObjectMapper().readTree(p2.toString().replace(STRANGER, ROUTER)
                .replace("\"1000\"", "\"1461501637330902918203684832716283019655932542975\"")); // uint160 max
        assertTrue(denied(TypedDataRules.check(PolicyEngineTest.policy(), p2max, ME)));
        assertTrue(!denied(TypedDataRules.check(PolicyEngineTest.policy(),
                new ObjectMapper().readTree(p2.toString().replace(STRANGER, ROUTER)), ME)));
        JsonNode order = new ObjectMapper().readTree("{\"primaryType\": \"OrderComponents\", \"domain\": {}, \"message\": {}}");
        assertTrue(denied(TypedDataRules.check(PolicyEngineTest.policy(), order, ME)));
    }

    @Test
    void boundedPermitToAnAllowedRouterIsAllowed() throws Exception {
        assertTrue(!denied(TypedDataRules.check(PolicyEngineTest.policy(), permit(USDC, ROUTER, "1000000"), ME)));
    }
}
