package io.consilium.sandbox.policy;

/** One rule that matched: its id, what it says, and why. */
public record RuleResult(String id, Outcome outcome, String message) {
    public enum Outcome { ALLOW, DENY, PENDING }

    public static RuleResult allow(String id, String message) {
        return new RuleResult(id, Outcome.ALLOW, message);
    }

    public static RuleResult deny(String id, String message) {
        return new RuleResult(id, Outcome.DENY, message);
    }

    public static RuleResult pending(String id, String message) {
        return new RuleResult(id, Outcome.PENDING, message);
    }
}
