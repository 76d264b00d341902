package io.consilium.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every vocab type shares: token lookup, attributes, special-token splitting, BOS/EOS,
 * end-of-generation ids and byte-exact decoding. Subclasses tokenize plain text fragments.
 */
abstract class BaseTokenizer implements Tokenizer {
    private static final List<String> EOG_TEXTS =
            List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|eom_id|>", "<EOT>");
    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<EOT>", "<\uff5cend\u2581of\u2581sentence\uff5c>");
    /** Fill-in-the-middle markers: prefix, suffix, middle (4 spellings each), pad, repo, file separator. */
    private static final List<List<String>> FIM_TEXTS = List.of(
            List.of("<|fim_prefix|>", "<fim-prefix>", "<\uff5cfim\u2581begin\uff5c>", "<PRE>"),
            List.of("<|fim_suffix|>", "<fim-suffix>", "<\uff5cfim\u2581hole\uff5c>", "<SUF>"),
            List.of("<|fim_middle|>", "<fim-middle>", "<\uff5cfim\u2581end\uff5c>", "<MID>"),
            List.of("<|fim_pad|>", "<fim-pad>", "<PAD>"),
            List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>"),
            List.of("<|file_sep|>"));

    protected final Vocabulary vocab;
    protected final Map<String, Integer> ids;
    protected final int[] attrs;
    private final BitSet eog = new BitSet();
    private final SpecialTokenSplitter splitter;
    private byte[][] pieces;

    BaseTokenizer(Vocabulary vocab) {
        this.vocab = vocab;
        int n = vocab.size();
        this.ids = new HashMap<>(n * 2);
        this.attrs = new int[n];
        for (int i = 0; i < n; i++) {
            ids.put(vocab.tokens().get(i), i); // duplicates: the last id wins, as in llama.cpp
            attrs[i] = TokenType.attrOf(vocab.types()[i]);
        }
        markEndOfGeneration();
        applyModelAttributes();
        this.splitter = new SpecialTokenSplitter(vocab.tokens(), attrs);
    }

    /**
     * Ids that end a turn, found by id keys and by the well-known texts llama.cpp looks for; tokens
     * found by text (EOT, EOM, fill-in-the-middle markers) become control tokens.
     */
    private void markEndOfGeneration() {
        int eot = vocab.eot();
        if (eot < 0) {
            eot = firstPresent(EOT_TEXTS);
        }
        int eom = vocab.eom() >= 0 ? vocab.eom() : firstPresent(List.of("<|eom_id|>"));
        for (int k = 0; k < FIM_TEXTS.size(); k++) {
            int id = firstPresent(FIM_TEXTS.get(k));
            if (k >= 3 && id >= 0) {
                eog.set(id); // FIM pad, repo and file-separator end generation
            }
        }
        for (String t : EOG_TEXTS) {
            Integer id = ids.get(t);
            if (id != null) {
                eog.set(id);
                makeControl(id);
            }
        }
        for (int id : new int[] {vocab.eos(), eot, eom}) {
            if (id >= 0 && id < vocab.size()) {
                eog.set(id);
            }
        }
    }

    private int firstPresent(List<String> texts) {
        for (String t : texts) {
            Integer id = ids.get(t);
            if (id != null) {
                makeControl(id);
                return id;
            }
        }
        return -1;
    }

    private void makeControl(int id) {
        if ((attrs[id] & TokenType.ATTR_CONTROL) == 0) {
            attrs[id] = TokenType.ATTR_CONTROL;
        }
    }

    /** Per-model lstrip/rstrip attributes llama.cpp sets because GGUF does not carry them. */
    private void applyModelAttributes() {
        String name = vocab.name().toLowerCase(java.util.Locale.ROOT);
        String pre = vocab.pre();
        if (pre.contains("jina-v2-de") || pre.contains("jina-v2-es") || pre.contains("jina-v2-code")) {
            setAttr("<mask>", TokenType.ATTR_LSTRIP, true);
        } else if (name.contains("phi-3") || name.contains("phi3")) {
            int special = TokenType.ATTR_CONTROL | TokenType.ATTR_USER_DEFINED | TokenType.ATTR_UNKNOWN;
            for (int id = 0; id < attrs.length; id++) {
                if ((attrs[id] & special) != 0) {
                    attrs[id] |= TokenType.ATTR_RSTRIP;
                }
            }
            setAttr("</s>", TokenType.ATTR_RSTRIP, true);
            for (String t : List.of("<unk>", "<s>", "<|endoftext|>")) {
                setAttr(t, TokenType.ATTR_RSTRIP, false);
            }
        }
    }

    private void setAttr(String token, int bit, boolean on) {
        Integer id = ids.get(token);
        if (id != null) {
            attrs[id] = on ? attrs[id] | bit : attrs[id] & ~bit;
        }
    }

    @Override
    public final int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        List<SpecialTokenSplitter.Fragment> frags = splitter.split(text, parseSpecial);
        IntArray out = new IntArray(Math.max(16, text.length() / 3));
        if (addSpecial && addsBos()) {
            out.add(vocab.bos());
        }
        encodeFragments(frags, out);
        if (addSpecial && addsEos()) {
            out.add(endToken());
        }
        return out.toArray();
    }

    protected boolean addsBos() {
        return vocab.addBos() && vocab.bos() >= 0;
    }

    protected boolean addsEos() {
        return vocab.addEos() && endToken() >= 0;
    }

    protected int endToken() {
        return vocab.eos();
    }

    /** Tokenizes fragments in order; special-token fragments are emitted as their id. */
    protected void encodeFragments(List<SpecialTokenSplitter.Fragment> frags, IntArray out) {
        for (SpecialTokenSplitter.Fragment f : frags) {
            if (f.isText()) {
                encodeText(f.text(), out);
            } else {
                out.add(f.token());
            }
        }
    }

    protected abstract void encodeText(String text, IntArray out);

    /** The piece of a normal (non-special, non-byte) token. */
    protected abstract byte[] normalPiece(String text);

    @Override
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    @Override
    public String decode(int[] tokenIds, boolean renderSpecial) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(tokenIds.length * 4);
        boolean stripSpace = vocab.addSpacePrefix();
        for (int id : tokenIds) {
            if (stripSpace && id == vocab.bos()) {
                if (renderSpecial) {
                    buf.writeBytes(tokenBytes(id));
                }
                continue; // the space prefix follows a leading BOS
            }
            byte[] p = tokenBytes(id);
            boolean special = (attrs[id] & (TokenType.ATTR_CONTROL | TokenType.ATTR_UNKNOWN)) != 0;
            if (special && !renderSpecial) {
                continue;
            }
            int from = stripSpace && p.length > 0 && p[0] == ' ' ? 1 : 0;
            stripSpace = false;
            buf.write(p, from, p.length - from);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (pieces == null) {
            pieces = buildPieces();
        }
        return pieces[id];
    }

    private byte[][] buildPieces() {
        byte[][] p = new byte[vocab.size()][];
        for (int id = 0; id < p.length; id++) {
            String t = vocab.tokens().get(id);
            int a = attrs[id];
            if ((a & (TokenType.ATTR_CONTROL | TokenType.ATTR_UNKNOWN | TokenType.ATTR_USER_DEFINED)) != 0) {
                p[id] = t.getBytes(StandardCharsets.UTF_8);
            } else if ((a & TokenType.ATTR_NORMAL) != 0) {
                p[id] = normalPiece(t);
            } else if ((a & TokenType.ATTR_BYTE) != 0) {
                p[id] = bytePiece(t);
            } else {
                p[id] = new byte[0];
            }
        }
        return p;
    }

    /** A byte token "<0xAB>". */
    protected byte[] bytePiece(String text) {
        if (text.length() == 6 && text.startsWith("<0x") && text.endsWith(">")) {
            return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int bos() {
        return vocab.bos();
    }

    @Override
    public int eos() {
        return vocab.eos();
    }

    @Override
    public boolean isEog(int id) {
        return id >= 0 && eog.get(id);
    }

    @Override
    public String piece(int id) {
        return vocab.tokens().get(id);
    }

    @Override
    public boolean isControl(int id) {
        return (attrs[id] & TokenType.ATTR_CONTROL) != 0;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocab;
    }

    /** Id of a token text, or -1. */
    protected int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }
}
