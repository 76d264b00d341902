package io.consilium.llm.chat;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Gives Jinja templates the Python string and dict methods that Hugging Face chat templates call
 * ({@code content.startswith('<think>')}, {@code .strip()}, {@code .split('</think>')[-1]},
 * {@code tool.items()}, ...), which jinjava would otherwise look up as Java methods and miss.
 * Resolves only method calls on strings and maps it knows; everything else falls through.
 */
final class PythonStringResolver extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (method == null) {
            return null;
        }
        String name = method.toString();
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        if (base instanceof String s) {
            result = stringMethod(s, name, args);
        } else if (base instanceof Map<?, ?> m) {
            result = mapMethod(m, name, args);
        } else {
            return null;
        }
        if (result == NO_SUCH_METHOD) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static final Object NO_SUCH_METHOD = new Object();

    static Object stringMethod(String s, String name, Object[] a) {
        return switch (name) {
            case "startswith" -> anyOf(a[0], p -> s.startsWith(p));
            case "endswith" -> anyOf(a[0], p -> s.endsWith(p));
            case "strip" -> rstrip(lstrip(s, chars(a)), chars(a));
            case "lstrip" -> lstrip(s, chars(a));
            case "rstrip" -> rstrip(s, chars(a));
            case "split" -> split(s, a.length > 0 ? str(a[0]) : null, a.length > 1 ? ((Number) a[1]).intValue() : -1);
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                    + s.substring(1).toLowerCase(java.util.Locale.ROOT);
            case "replace" -> a.length > 2 ? replaceCount(s, str(a[0]), str(a[1]), ((Number) a[2]).intValue())
                    : s.replace(str(a[0]), str(a[1]));
            case "find" -> (long) s.indexOf(str(a[0]));
            case "count" -> count(s, str(a[0]));
            case "join" -> join(s, a[0]);
            case "splitlines" -> new ArrayList<>(s.lines().toList());
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            default -> NO_SUCH_METHOD;
        };
    }

    static Object mapMethod(Map<?, ?> m, String name, Object[] a) {
        return switch (name) {
            case "items" -> {
                List<List<Object>> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(new ArrayList<>(java.util.Arrays.asList(k, v))));
                yield out;
            }
            case "keys" -> new ArrayList<>(m.keySet());
            case "values" -> new ArrayList<>(m.values());
            case "get" -> m.containsKey(a[0]) ? m.get(a[0]) : (a.length > 1 ? a[1] : null);
            default -> NO_SUCH_METHOD;
        };
    }

    private static boolean anyOf(Object prefixes, java.util.function.Predicate<String> test) {
        if (prefixes instanceof Collection<?> c) {
            return c.stream().anyMatch(p -> test.test(str(p)));
        }
        return test.test(str(prefixes));
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    /** The characters to strip, or null for whitespace. */
    private static String chars(Object[] a) {
        return a.length > 0 && a[0] != null ? str(a[0]) : null;
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strippable(s.charAt(i), chars)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && strippable(s.charAt(i - 1), chars)) {
            i--;
        }
        return s.substring(0, i);
    }

    /** Python's str.split: by a literal separator, or on whitespace runs when sep is None. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            for (String p : s.strip().split("\\s+", maxSplit < 0 ? 0 : maxSplit + 1)) {
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || out.size() < maxSplit) {
            int i = s.indexOf(sep, from);
            if (i < 0) {
                break;
            }
            out.add(s.substring(from, i));
            from = i + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static String replaceCount(String s, String old, String rep, int count) {
        if (count < 0) {
            return s.replace(old, rep);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        for (int n = 0; n < count; n++) {
            int i = s.indexOf(old, from);
            if (i < 0) {
                break;
            }
            sb.append(s, from, i).append(rep);
            from = i + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> it) {
            it.forEach(x -> parts.add(str(x)));
        }
        return String.join(sep, parts);
    }

    // Property access is left to the other resolvers.

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // not resolved here
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
