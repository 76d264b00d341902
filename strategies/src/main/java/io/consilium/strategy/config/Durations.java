package io.consilium.strategy.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations used in YAML: 0, 30s, 15m, 4h, 1d, 2w. */
public final class Durations {
    private static final Pattern SHAPE = Pattern.compile("(\\d+)\\s*([smhdw]?)");

    private Durations() {
    }

    /** The duration, or null when the text is not one. */
    public static Duration parse(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "s" -> n == 0 || !m.group(2).isEmpty() ? Duration.ofSeconds(n) : null;
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> null;
        };
    }
}
