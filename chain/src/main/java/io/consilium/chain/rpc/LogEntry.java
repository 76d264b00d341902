package io.consilium.chain.rpc;

import io.consilium.chain.domain.Address;
import java.util.List;

/** One event log of a receipt: emitting contract, 32-byte topics, data. */
public record LogEntry(Address address, List<byte[]> topics, byte[] data, int logIndex) {
    public LogEntry {
        topics = topics.stream().map(byte[]::clone).toList();
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
