package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import io.consilium.chain.dex.Uint;
import java.math.BigInteger;

/** uint128 liquidity plus a signed int128 delta, reverting on under- or overflow like LiquidityMath.addDelta. */
public final class LiquidityMath {
    private LiquidityMath() {}

    public static BigInteger addDelta(BigInteger x, BigInteger y) {
        BigInteger z = x.add(y);
        if (y.signum() < 0 && z.signum() < 0) {
            throw new DexRevert("LS");
        }
        if (y.signum() >= 0 && z.compareTo(Uint.MAX_UINT128) > 0) {
            throw new DexRevert("LA");
        }
        return z;
    }
}
