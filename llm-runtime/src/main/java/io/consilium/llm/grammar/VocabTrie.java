package io.consilium.llm.grammar;

import io.consilium.llm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The vocabulary's token byte strings as a trie, so a grammar mask walks each shared prefix once and drops a
 * whole subtree as soon as its prefix breaks the grammar. Control tokens and tokens without text are left out
 * (a grammar never allows them), except the ones the caller names as shown: a tool format's markers, which the
 * model was trained to write as one control token ({@code [TOOL_CALLS]}, {@code <|python_tag|>}), so a grammar that
 * expects their text offers the token as well as its spelling. End-of-generation tokens are listed separately.
 * Immutable.
 */
public final class VocabTrie {
    static final class Node {
        final byte[] keys;
        final Node[] kids;
        final int[] tokens;

        Node(byte[] keys, Node[] kids, int[] tokens) {
            this.keys = keys;
            this.kids = kids;
            this.tokens = tokens;
        }
    }

    private final Node root;
    private final int vocabSize;
    private final int[] eog;
    private final int tokenCount;
    /** Per token id its bytes, or null when the grammar never offers it (control, end of generation, empty). */
    private final byte[][] pieces;

    private VocabTrie(Node root, int vocabSize, int[] eog, int tokenCount, byte[][] pieces) {
        this.root = root;
        this.pieces = pieces;
        this.vocabSize = vocabSize;
        this.eog = eog;
        this.tokenCount = tokenCount;
    }

    public static VocabTrie of(Tokenizer tok) {
        return of(tok, Set.of());
    }

    /** @param shown control tokens offered by their text like ordinary ones (the answer must then show their text) */
    public static VocabTrie of(Tokenizer tok, Set<Integer> shown) {
        Building top = new Building();
        List<Integer> eog = new ArrayList<>();
        byte[][] pieces = new byte[tok.vocabSize()][];
        int count = 0;
        for (int id = 0; id < tok.vocabSize(); id++) {
            if (tok.isEog(id)) {
                eog.add(id);
                continue;
            }
            if (tok.isControl(id) && !shown.contains(id)) {
                continue;
            }
            byte[] b = tok.tokenBytes(id);
            if (b == null || b.length == 0) {
                continue;
            }
            Building n = top;
            for (byte x : b) {
                n = n.kids.computeIfAbsent(x, k -> new Building());
            }
            n.tokens.add(id);
            pieces[id] = b.clone();
            count++;
        }
        return new VocabTrie(top.freeze(), tok.vocabSize(), eog.stream().mapToInt(Integer::intValue).toArray(), count,
                pieces);
    }

    /** Builds from explicit byte strings (tests); ids are the list indices, {@code eog} ids have no text. */
    static VocabTrie of(List<byte[]> pieces, int[] eog) {
        Building top = new Building();
        byte[][] kept = new byte[pieces.size()][];
        int count = 0;
        for (int id = 0; id < pieces.size(); id++) {
            byte[] b = pieces.get(id);
            if (b == null || b.length == 0) {
                continue;
            }
            Building n = top;
            for (byte x : b) {
                n = n.kids.computeIfAbsent(x, k -> new Building());
            }
            n.tokens.add(id);
            kept[id] = b.clone();
            count++;
        }
        return new VocabTrie(top.freeze(), pieces.size(), eog.clone(), count, kept);
    }

    /** Token bytes by id (null = never offered); the array is shared, do not change it. */
    byte[][] pieces() {
        return pieces;
    }

    Node root() {
        return root;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /** End-of-generation token ids (allowed exactly when the grammar can end). */
    public int[] eog() {
        return eog.clone();
    }

    boolean isEog(int id) {
        for (int e : eog) {
            if (e == id) {
                return true;
            }
        }
        return false;
    }

    public int tokenCount() {
        return tokenCount;
    }

    private static final class Building {
        final TreeMap<Byte, Building> kids = new TreeMap<>();
        final List<Integer> tokens = new ArrayList<>(1);

        Node freeze() {
            byte[] keys = new byte[kids.size()];
            Node[] nodes = new Node[kids.size()];
            int i = 0;
            for (var e : kids.entrySet()) {
                keys[i] = e.getKey();
                nodes[i++] = e.getValue().freeze();
            }
            return new Node(keys, nodes, tokens.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
