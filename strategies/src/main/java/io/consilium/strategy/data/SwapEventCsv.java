package io.consilium.strategy.data;

import io.consilium.strategy.StrategyUserError;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Swap rows of a demeter-fetch {@code *.tick.csv} (decoded Uniswap V3 pool events). Mint,
 * burn and collect rows are skipped: their effect on the active liquidity is visible in the
 * {@code total_liquidity} of the next swap, which is what the replay uses. Rows must be in chain
 * order (block, log index); anything else is an error naming the line.
 */
public final class SwapEventCsv {
    private static final String[] REQUIRED = {"block_number", "block_timestamp", "tx_type", "amount0", "amount1",
        "total_liquidity", "sqrtpricex96", "current_tick"};

    private SwapEventCsv() {
    }

    public static List<SwapEvent> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new StrategyUserError(file + ": cannot read events file: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new StrategyUserError(file + ": empty events file");
        }
        String[] header = BarCsv.split(lines.getFirst());
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            idx.put(header[i].toLowerCase(Locale.ROOT), i);
        }
        for (String r : REQUIRED) {
            if (!idx.containsKey(r)) {
                throw new StrategyUserError(file + ":1: missing column '" + r
                        + "'; expected a demeter-fetch tick.csv (block_number, block_timestamp, tx_type, amount0, amount1, total_liquidity, sqrtPriceX96, current_tick, ...)");
            }
        }
        int logCol = idx.getOrDefault("log_index", idx.getOrDefault("pool_log_index", -1));
        List<SwapEvent> out = new ArrayList<>();
        long lastBlock = -1;
        int lastLog = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] c = BarCsv.split(line);
            int lineNo = i + 1;
            try {
                long block = Long.parseLong(c[idx.get("block_number")]);
                int log = logCol < 0 ? 0 : Integer.parseInt(c[logCol]);
                if (block < lastBlock || (block == lastBlock && log <= lastLog && logCol >= 0)) {
                    throw new StrategyUserError(file + ":" + lineNo + ": event at block " + block + " log " + log
                            + " is not after the previous one (block " + lastBlock + " log " + lastLog + "); sort by block and log index");
                }
                lastBlock = block;
                lastLog = log;
                if (!"SWAP".equalsIgnoreCase(c[idx.get("tx_type")])) {
                    continue;
                }
                long time = LocalDateTime.parse(c[idx.get("block_timestamp")].replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
                out.add(new SwapEvent(time, block, log,
                        new BigInteger(c[idx.get("amount0")]), new BigInteger(c[idx.get("amount1")]),
                        new BigInteger(c[idx.get("sqrtpricex96")]), new BigInteger(c[idx.get("total_liquidity")]),
                        new BigDecimal(c[idx.get("current_tick")]).intValueExact()));
            } catch (RuntimeException e) {
                if (e instanceof StrategyUserError u) {
                    throw u;
                }
                throw new StrategyUserError(file + ":" + lineNo + ": malformed event row (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            }
        }
        if (out.isEmpty()) {
            throw new StrategyUserError(file + ": no SWAP rows");
        }
        return out;
    }
}
