package io.consilium.strategy.config.params;

import io.consilium.strategy.config.Checks;
import io.consilium.strategy.config.Doc;
import io.consilium.strategy.config.Range;
import io.consilium.strategy.config.Required;
import java.math.BigDecimal;

@Doc("DCA: buy `amount` quote units' worth of `asset` on every scheduled decision.")
public record DcaParams(
        @Required @Doc("Asset to accumulate.") String asset,
        @Required @Range(min = 0) @Doc("Quote amount spent per buy, human units.") BigDecimal amount,
        @Doc("Pool to buy on; default the first pool of asset/quote.") String pool) implements StrategyParams {

    @Override
    public void check(Checks c) {
        c.riskyAsset(asset, "/parameters/asset");
        c.optionalPool(pool, "/parameters/pool");
    }
}
