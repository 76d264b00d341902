package io.consilium.llm.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled context-free grammar over code points, in the shape of llama.cpp's GBNF: every rule is a list of
 * alternatives, every alternative a sequence of character classes and rule references. All alternatives are laid
 * out in one array of positions, each alternative ending in an END marker, so a parse position is one int and a
 * parser stack is an int array of positions. Immutable.
 */
public final class Grammar {
    static final int CHAR = 0;
    static final int REF = 1;
    static final int END = 2;
    static final int INF = Integer.MAX_VALUE / 4;

    final int[] kind;
    final int[] arg;
    final int[][] alts;
    final CharClass[] classes;
    final String[] ruleNames;
    final int root;
    /**
     * Bytes needed at least to finish the alternative from this position (each character counted by the UTF-8
     * length of the smallest it may be): with a token for every byte, never more tokens than this are needed.
     */
    final int[] remaining;
    /** Per character class: the UTF-8 length of its smallest code point. */
    private final int[] classBytes;

    private Grammar(int[] kind, int[] arg, int[][] alts, CharClass[] classes, String[] ruleNames, int root) {
        this.kind = kind;
        this.arg = arg;
        this.alts = alts;
        this.classes = classes;
        this.ruleNames = ruleNames;
        this.root = root;
        this.classBytes = new int[classes.length];
        for (int c = 0; c < classes.length; c++) {
            classBytes[c] = classes[c].minBytes();
        }
        this.remaining = computeRemaining();
    }

    /** Parses GBNF text; the start rule is {@code root}. */
    public static Grammar parse(String gbnf) {
        return GbnfParser.parse(gbnf);
    }

    public int ruleCount() {
        return alts.length;
    }

    private int[] computeRemaining() {
        int[] minLen = new int[alts.length];
        Arrays.fill(minLen, INF);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int r = 0; r < alts.length; r++) {
                for (int start : alts[r]) {
                    int len = 0;
                    for (int p = start; kind[p] != END && len < INF; p++) {
                        len += kind[p] == CHAR ? charCost(p) : minLen[arg[p]];
                    }
                    if (len < minLen[r]) {
                        minLen[r] = Math.min(len, INF);
                        changed = true;
                    }
                }
            }
        }
        for (int r = 0; r < alts.length; r++) {
            if (minLen[r] >= INF) {
                throw new GrammarError("grammar: rule '" + ruleNames[r] + "' can never finish (every alternative "
                        + "recurses into itself); give it a finite alternative");
            }
        }
        int[] rem = new int[kind.length];
        for (int p = kind.length - 1; p >= 0; p--) {
            rem[p] = kind[p] == END ? 0 : (kind[p] == CHAR ? charCost(p) : minLen[arg[p]]) + rem[p + 1];
        }
        return rem;
    }

    /** Bytes the character class at position {@code p} takes at least (1 for every class an ASCII character fits). */
    int charCost(int p) {
        return classBytes[arg[p]];
    }

    /** Collects rules, then lays them out. Rule references may come before their definition. */
    static final class Builder {
        record Elem(int kind, int arg) {
        }

        private final Map<String, Integer> ids = new LinkedHashMap<>();
        private final List<List<List<Elem>>> bodies = new ArrayList<>();
        private final List<CharClass> classes = new ArrayList<>();
        private final Map<CharClass, Integer> classIds = new HashMap<>();
        private int helpers;

        int rule(String name) {
            return ids.computeIfAbsent(name, n -> {
                bodies.add(null);
                return bodies.size() - 1;
            });
        }

        int helper(String base) {
            return rule(base + "~" + (++helpers));
        }

        boolean defined(String name) {
            Integer id = ids.get(name);
            return id != null && bodies.get(id) != null;
        }

        void define(int rule, List<List<Elem>> alternatives) {
            bodies.set(rule, alternatives);
        }

        Elem chars(CharClass c) {
            return new Elem(CHAR, classIds.computeIfAbsent(c, k -> {
                classes.add(k);
                return classes.size() - 1;
            }));
        }

        Elem ref(int rule) {
            return new Elem(REF, rule);
        }

        Grammar build(String rootName) {
            String[] names = new String[bodies.size()];
            ids.forEach((n, id) -> names[id] = n);
            Integer root = ids.get(rootName);
            if (root == null || bodies.get(root) == null) {
                throw new GrammarError("grammar: no '" + rootName + "' rule; the start rule must be called "
                        + rootName);
            }
            int size = 0;
            for (int r = 0; r < bodies.size(); r++) {
                if (bodies.get(r) == null) {
                    throw new GrammarError("grammar: rule '" + names[r] + "' is used but never defined");
                }
                for (List<Elem> alt : bodies.get(r)) {
                    size += alt.size() + 1;
                }
            }
            int[] kind = new int[size];
            int[] arg = new int[size];
            int[][] alts = new int[bodies.size()][];
            int p = 0;
            for (int r = 0; r < bodies.size(); r++) {
                List<List<Elem>> body = bodies.get(r);
                alts[r] = new int[body.size()];
                for (int a = 0; a < body.size(); a++) {
                    alts[r][a] = p;
                    for (Elem e : body.get(a)) {
                        kind[p] = e.kind();
                        arg[p++] = e.arg();
                    }
                    kind[p++] = END;
                }
            }
            return new Grammar(kind, arg, alts, classes.toArray(CharClass[]::new), names, root);
        }
    }
}
