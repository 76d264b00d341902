package io.consilium.sandbox.sim;

import io.consilium.chain.domain.Address;
import java.util.List;

/** An event emitted during simulation (topics and data as 0x-hex). */
public record SimLog(Address address, List<String> topics, String data) {
    public SimLog {
        topics = List.copyOf(topics);
    }
}
