package io.consilium.strategy.config;

import java.util.Map;

/**
 * Market data to replay: an OHLCV bar file (CryptoDataDownload or "SYM:open" multi-asset layout)
 * and/or the recorded swaps named by the pools' {@code events}.
 */
public record DataSpec(
        @Doc("OHLCV CSV file (relative to the current directory or the repository root).") String bars,
        @Doc("Asset symbol -> symbol in the file (e.g. {ETH: ETH}); default: the asset's own symbol.") Map<String, String> columns,
        @Doc("First day to replay, YYYY-MM-DD (inclusive).") String from,
        @Doc("Last day to replay, YYYY-MM-DD (inclusive).") String to,
        @Doc("true: gaps in the bar times are listed in the report and replayed as they are; false: a gap is an error.") Boolean allowGaps) {

    public DataSpec {
        allowGaps = allowGaps == null || allowGaps;
    }
}
