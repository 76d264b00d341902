package io.consilium.llm.chat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small source rewrites for Jinja syntax jinjava does not parse the way Python's Jinja2 does; the
 * template keeps its meaning:
 * <ul>
 *   <li>{@code seq[::-1]} (reverse slice) becomes {@code (seq|reverse)}</li>
 *   <li>keyword-argument values of {@code namespace(...)} are parenthesised, because jinjava binds
 *       {@code a=x - 1} as {@code (a=x) - 1}</li>
 *   <li>{@code not x is defined} becomes {@code not (x is defined)}: in Jinja2 tests bind tighter than
 *       {@code not}, in jinjava they do not</li>
 *   <li>the one newline ending the template is dropped, as Jinja2 does by default</li>
 * </ul>
 */
final class TemplateSource {
    private static final Pattern REVERSE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\[\\s*::\\s*-1\\s*\\]");
    private static final Pattern NAMESPACE = Pattern.compile("\\bnamespace\\(");
    private static final Pattern NOT_IS = Pattern.compile(
            "\\bnot\\s+([A-Za-z_][A-Za-z0-9_.]*(?:\\[[^\\]]*\\])*)\\s+is\\s+(not\\s+)?([A-Za-z_][A-Za-z0-9_]*)");

    private TemplateSource() {
    }

    static String adapt(String src) {
        // Jinja2 drops the single newline that ends a template (keep_trailing_newline=False)
        String s = src.endsWith("\n") ? src.substring(0, src.length() - 1) : src;
        s = REVERSE.matcher(s).replaceAll(m -> Matcher.quoteReplacement("(" + m.group(1) + "|reverse)"));
        s = NOT_IS.matcher(s).replaceAll(m -> Matcher.quoteReplacement(
                "not (" + m.group(1) + " is " + (m.group(2) == null ? "" : "not ") + m.group(3) + ")"));
        return parenthesiseNamespaceArgs(s);
    }

    private static String parenthesiseNamespaceArgs(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        Matcher m = NAMESPACE.matcher(s);
        int pos = 0;
        while (m.find(pos)) {
            out.append(s, pos, m.end());
            int close = matchingParen(s, m.end() - 1);
            if (close < 0) {
                pos = m.end();
                continue;
            }
            String args = s.substring(m.end(), close);
            StringBuilder rewritten = new StringBuilder();
            for (String arg : splitTopLevel(args)) {
                int eq = topLevelAssign(arg);
                if (rewritten.length() > 0) {
                    rewritten.append(',');
                }
                rewritten.append(eq < 0 ? arg : arg.substring(0, eq + 1) + "(" + arg.substring(eq + 1).strip() + ")");
            }
            out.append(rewritten).append(')');
            pos = close + 1;
        }
        out.append(s.substring(pos));
        return out.toString();
    }

    /** Index of the ')' closing the '(' at open, skipping quoted strings; -1 if none. */
    private static int matchingParen(String s, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static java.util.List<String> splitTopLevel(String args) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(args.substring(start, i));
                start = i + 1;
            }
        }
        if (!args.substring(start).isBlank()) {
            parts.add(args.substring(start));
        }
        return parts;
    }

    /** Index of a keyword argument's '=' (not '=='), or -1. */
    private static int topLevelAssign(String arg) {
        Matcher m = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_]*\\s*=(?!=)").matcher(arg);
        return m.find() ? m.end() - 1 : -1;
    }
}
