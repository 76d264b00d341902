package io.consilium.chain.abi;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A decoded token event: ERC-20/721 {@code Transfer}, {@code Approval}, or {@code ApprovalForAll}.
 * {@code from/to} hold owner/spender for approvals and owner/operator for ApprovalForAll (value 1 or 0).
 */
public record Erc20Event(Kind kind, Address emitter, Address from, Address to, BigInteger value) {
    public enum Kind { TRANSFER, APPROVAL, APPROVAL_FOR_ALL }

    private static final byte[] TRANSFER = Abi.eventTopic("Transfer(address,address,uint256)");
    private static final byte[] APPROVAL = Abi.eventTopic("Approval(address,address,uint256)");
    private static final byte[] APPROVAL_FOR_ALL = Abi.eventTopic("ApprovalForAll(address,address,bool)");

    public static String transferTopicHex() {
        return "0x" + HexFormat.of().formatHex(TRANSFER);
    }

    /** Decodes a log if it is one of the three events (ERC-721 puts the id in a third topic; value is then the id). */
    public static Optional<Erc20Event> decode(Address emitter, List<byte[]> topics, byte[] data) {
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        byte[] t0 = topics.getFirst();
        Kind kind = Arrays.equals(t0, TRANSFER) ? Kind.TRANSFER
                : Arrays.equals(t0, APPROVAL) ? Kind.APPROVAL
                : Arrays.equals(t0, APPROVAL_FOR_ALL) ? Kind.APPROVAL_FOR_ALL : null;
        if (kind == null || topics.size() < 3) {
            return Optional.empty();
        }
        try {
            Address a = topicAddress(topics.get(1));
            Address b = topicAddress(topics.get(2));
            BigInteger v;
            if (topics.size() >= 4) {
                v = new BigInteger(1, topics.get(3));
            } else if (data.length >= 32) {
                v = new BigInteger(1, Arrays.copyOf(data, 32));
            } else {
                return Optional.empty();
            }
            return Optional.of(new Erc20Event(kind, emitter, a, b, v));
        } catch (AbiException e) {
            return Optional.empty();
        }
    }

    private static Address topicAddress(byte[] topic) {
        if (topic.length != 32) {
            throw new AbiException("topic is not 32 bytes");
        }
        return Address.of("0x" + HexFormat.of().formatHex(topic, 12, 32));
    }
}
