package io.consilium.chain.tx;

import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.FeeHistory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * EIP-1559 fees from eth_feeHistory: the tip is the median over recent blocks of each block's
 * {@code percentile}-th priority fee (at least {@code minTip}); the cap is twice the next block's base fee
 * plus the tip, which stays valid through six consecutive full blocks of +12.5%.
 */
public final class FeeEstimator {
    private final ChainClient client;
    private final int blocks;
    private final double percentile;
    private final BigInteger minTip;

    public FeeEstimator(ChainClient client, int blocks, double percentile, BigInteger minTip) {
        this.client = client;
        this.blocks = blocks;
        this.percentile = percentile;
        this.minTip = minTip;
    }

    /** Blocks of history and the reward percentile {@link #defaults} uses. */
    public static final int DEFAULT_BLOCKS = 10;
    public static final double DEFAULT_PERCENTILE = 50;

    /** 10 blocks, 50th percentile, tip at least 1 wei. */
    public static FeeEstimator defaults(ChainClient client) {
        return new FeeEstimator(client, DEFAULT_BLOCKS, DEFAULT_PERCENTILE, BigInteger.ONE);
    }

    public Fees current() {
        FeeHistory h = client.feeHistory(blocks, ChainClient.LATEST, percentile);
        return fromHistory(h, minTip);
    }

    /** The rule itself, for callers that fetched the history their own way (the sandbox). */
    public static Fees fromHistory(FeeHistory h, BigInteger minTip) {
        List<BigInteger> tips = new ArrayList<>();
        for (List<BigInteger> r : h.reward()) {
            if (!r.isEmpty()) {
                tips.add(r.getFirst());
            }
        }
        tips.sort(null);
        BigInteger tip = tips.isEmpty() ? minTip : tips.get(tips.size() / 2).max(minTip);
        BigInteger cap = h.nextBaseFee().shiftLeft(1).add(tip);
        return new Fees(tip, cap);
    }
}
