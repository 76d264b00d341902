package io.consilium.llm.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A split pass driven by a regex. Regexes that use \p{L}, \p{N}, \p{P}, \p{S} or \p{M} run on the
 * collapsed text (one char per codepoint, non-ASCII replaced by a category stand-in) with each
 * class rewritten to "stand-in + the ASCII members llama.cpp assigns to it"; the rest run on the
 * wide text. Both reproduce llama.cpp's std::regex behaviour, including its quirks (for example
 * '~' is in neither \p{P} nor \p{S}).
 */
final class RegexSplitStep implements SplitStep {
    private static final String[][] CLASSES = {
            {"\\p{N}", "\\x{D1}0-9"},
            {"\\p{L}", "\\x{D2}A-Za-z"},
            {"\\p{P}", "\\x{D3}!-#%-*,-/:-;?-@\\[-\\]_\\{\\}"},
            {"\\p{M}", "\\x{D4}"},
            {"\\p{S}", "\\x{D5}\\$\\+<->\\^`\\|"},
    };

    private final String source;
    private final Pattern pattern;
    private final boolean collapsed;

    RegexSplitStep(String regex) {
        this.source = regex;
        this.collapsed = usesCategories(regex);
        this.pattern = Pattern.compile(collapsed ? collapse(regex) : regex);
    }

    static boolean usesCategories(String regex) {
        for (String[] c : CLASSES) {
            if (regex.contains(c[0])) {
                return true;
            }
        }
        return false;
    }

    /** Rewrites the category classes; a class outside brackets becomes a bracket of its own. */
    static String collapse(String regex) {
        StringBuilder out = new StringBuilder(regex.length() * 2);
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                inside = true;
                out.append(c);
                continue;
            }
            if (inside && c == ']' && regex.charAt(i - 1) != '\\') {
                inside = false;
                out.append(c);
                continue;
            }
            String replacement = null;
            for (String[] cls : CLASSES) {
                if (regex.startsWith(cls[0], i)) {
                    replacement = cls[1];
                    break;
                }
            }
            if (replacement != null) {
                out.append(inside ? replacement : "[" + replacement + "]");
                i += 4;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public void split(PreText text, IntArray segments, IntArray out) {
        String s = collapsed ? text.collapsed() : text.wide();
        Matcher m = pattern.matcher(s);
        int startCp = 0;
        for (int k = 0; k < segments.size(); k++) {
            int lenCp = segments.get(k);
            int endCp = startCp + lenCp;
            int from = collapsed ? startCp : text.wideCpToChar(startCp);
            int to = collapsed ? endCp : text.wideCpToChar(endCp);
            m.region(from, to);
            int last = startCp;
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                int ms = collapsed ? m.start() : text.wideCharToCp(m.start());
                int me = collapsed ? m.end() : text.wideCharToCp(m.end());
                if (ms > last) {
                    out.add(ms - last);
                }
                out.add(me - ms);
                last = me;
            }
            if (last < endCp) {
                out.add(endCp - last);
            }
            startCp = endCp;
        }
    }

    @Override
    public String toString() {
        return "regex " + source;
    }
}
