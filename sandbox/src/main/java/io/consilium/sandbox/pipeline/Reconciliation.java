package io.consilium.sandbox.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.consilium.chain.domain.Address;
import java.util.List;

/** Actual asset changes of the mined transaction against the simulated ones. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reconciliation(boolean matches, List<Difference> differences) {
    /** One (token, holder) whose actual delta differs from the simulated delta (decimal strings). */
    public record Difference(String token, Address holder, String simulated, String actual) {}
}
