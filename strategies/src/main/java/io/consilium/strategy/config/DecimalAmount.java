package io.consilium.strategy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A non-negative human amount written as a decimal string ("0.15", exact) or a plain YAML number,
 * as the daemon accepts it.
 */
public record DecimalAmount(BigDecimal value) {
    static final String PATTERN = "^[0-9]+(\\.[0-9]+)?$";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static DecimalAmount of(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isNumber())) {
            throw new IllegalArgumentException("expected a decimal amount such as \"0.15\"");
        }
        String s = n.asText().trim();
        if (!s.matches(PATTERN)) {
            throw new IllegalArgumentException("'" + s + "' is not a decimal amount; write digits with an optional"
                    + " fraction, e.g. \"0.15\"");
        }
        return new DecimalAmount(new BigDecimal(s));
    }
}
