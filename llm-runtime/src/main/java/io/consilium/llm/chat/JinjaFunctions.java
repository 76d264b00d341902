package io.consilium.llm.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * The jinjava environment chat templates run in, set up like Hugging Face's: trim_blocks and
 * lstrip_blocks on, Python operator precedence and whitespace control, plus the helpers templates
 * expect: {@code raise_exception}, {@code strftime_now}, Python's {@code tojson}, and Python string
 * and dict methods.
 */
final class JinjaFunctions {
    private static volatile Jinjava shared;

    private JinjaFunctions() {
    }

    static Jinjava jinjava() {
        Jinjava j = shared;
        if (j == null) {
            synchronized (JinjaFunctions.class) {
                if (shared == null) {
                    shared = create();
                }
                j = shared;
            }
        }
        return j;
    }

    private static Jinjava create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        JinjavaConfig cfg = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withKeepTrailingNewline(true) // the trailing newline is dropped from the source instead
                .withFailOnUnknownTokens(false)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withHandleBackslashInQuotesOnly(true)
                        .withEvaluateMapKeys(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava j = new Jinjava(cfg);
        j.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaFunctions.class, "raiseException", String.class));
        j.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaFunctions.class, "strftimeNow", String.class));
        j.registerFilter(new ToJson());
        j.registerFilter(new Items());
        j.registerExpTest(new Iterable());
        return j;
    }

    /** What a template's raise_exception(...) throws; its message is the template's own. */
    static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }

    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** Python's strftime for the directives chat templates use (%d %b %B %Y %y %m %H %M %S %a %A %p %I %j). */
    public static String strftimeNow(String format) {
        LocalDateTime now = LocalDateTime.now();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                sb.append(c);
                continue;
            }
            char d = format.charAt(++i);
            String pattern = switch (d) {
                case 'd' -> "dd";
                case 'b' -> "MMM";
                case 'B' -> "MMMM";
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'm' -> "MM";
                case 'H' -> "HH";
                case 'M' -> "mm";
                case 'S' -> "ss";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case 'p' -> "a";
                case 'I' -> "hh";
                case 'j' -> "DDD";
                default -> null;
            };
            sb.append(pattern == null ? "%" + d : now.format(DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH)));
        }
        return sb.toString();
    }

    /** Python's notion of iterable: strings too (Llama 3.1's template JSON-encodes tool results that are). */
    static final class Iterable implements ExpTest {
        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof CharSequence || var instanceof java.lang.Iterable<?> || var instanceof Map<?, ?>
                    || (var != null && var.getClass().isArray());
        }
    }

    /** {@code x | tojson} / {@code x | tojson(indent=4)} written as Python's json.dumps writes it. */
    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return PyJson.dumps(var, args.length > 0 ? Integer.valueOf(args[0]) : null);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.get("indent");
            if (indent == null && args.length > 0) {
                indent = args[0];
            }
            return PyJson.dumps(var, indent == null ? null : ((Number) indent).intValue());
        }
    }

    /**
     * {@code d | items}: a mapping's (key, value) pairs in order, as the filter of the same name in Hugging Face's
     * template sandbox (Llama 3.1 writes built-in tool calls' arguments with it); jinjava has no such filter.
     */
    static final class Items implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (!(var instanceof Map<?, ?> m)) {
                return java.util.List.of();
            }
            java.util.List<java.util.List<Object>> out = new java.util.ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(java.util.Arrays.asList(e.getKey(), e.getValue()));
            }
            return out;
        }
    }
}
