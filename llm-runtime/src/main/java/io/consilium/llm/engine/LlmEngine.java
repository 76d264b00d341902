package io.consilium.llm.engine;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.model.LoadedModel;
import io.consilium.llm.model.ModelConfig;
import io.consilium.llm.model.ModelLoader;
import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.sample.IntList;
import io.consilium.llm.sample.Sampler;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded model with its tokenizer, kernels and worker pool, generating one sequence at a time. Calls are
 * serialised; the heavy work runs on the compute pool's workers plus the calling thread, so callers on a Vert.x
 * event loop must hand the call to a worker (the engine refuses to run on an event-loop thread).
 */
public final class LlmEngine implements AutoCloseable {
    /** Prompt tokens per forward call: big enough to read each weight once per many tokens, small enough to keep
     * activations (batch × width floats per buffer) to a few MB. */
    static final int PREFILL_BATCH = 256;

    private final LoadedModel loaded;
    private final ComputePool pool;
    private final Compute compute;
    private final int contextLength;

    private LlmEngine(LoadedModel loaded, ComputePool pool, int contextLength) {
        this.loaded = loaded;
        this.pool = pool;
        this.compute = new Compute(Kernels.create(pool), pool);
        this.contextLength = contextLength;
    }

    public static LlmEngine load(Path gguf, EngineOptions options) {
        LoadedModel lm = ModelLoader.load(gguf);
        int ctx = options.contextLength() > 0 ? options.contextLength()
                : Math.min(lm.config().contextLength(), EngineOptions.DEFAULT_CONTEXT_CAP);
        ComputePool pool = options.threads() > 0 ? new ComputePool(options.threads()) : ComputePool.ofAvailableCores();
        return new LlmEngine(lm, pool, ctx);
    }

    public Tokenizer tokenizer() {
        return loaded.tokenizer();
    }

    public ModelConfig config() {
        return loaded.config();
    }

    public TransformerModel model() {
        return loaded.model();
    }

    public LoadedModel loaded() {
        return loaded;
    }

    public Compute compute() {
        return compute;
    }

    public int contextLength() {
        return contextLength;
    }

    public int threads() {
        return pool.threads();
    }

    /** Encodes a prompt as generation does: BOS/EOS per the vocab, special-token text recognised. */
    public int[] encodePrompt(String prompt) {
        return tokenizer().encode(prompt, true, true);
    }

    public synchronized Generation generate(GenerateRequest req, TokenListener listener) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("LlmEngine.generate must not run on a Vert.x event loop; use a worker");
        }
        Tokenizer tok = tokenizer();
        int[] prompt = req.prompt() != null ? encodePrompt(req.prompt()) : req.promptTokens().clone();
        if (prompt.length == 0) {
            throw new LlmUserError("the prompt is empty and the model's vocab adds no BOS token; give a prompt");
        }
        if (prompt.length >= contextLength) {
            throw new LlmUserError("the prompt has " + prompt.length + " tokens but the context holds "
                    + contextLength + "; shorten it or raise --ctx");
        }
        TransformerModel model = model();
        SequenceState seq = model.newSequence(contextLength);
        Sampler sampler = req.logitProcessor() == null ? new Sampler(req.sampler())
                : new Sampler(req.sampler(), List.of(req.logitProcessor()));
        IntList history = IntList.of(prompt);
        long t0 = System.nanoTime();
        float[] logits = prefill(seq, prompt);
        long prefill = System.nanoTime() - t0;
        long decodeStart = System.nanoTime();
        StreamDecoder decoder = new StreamDecoder(tok);
        List<Integer> out = new ArrayList<>();
        List<List<TopLogit>> top = new ArrayList<>();
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        String text = "";
        int[] one = new int[1];
        for (int step = 0; step < req.maxTokens(); step++) {
            if (req.topLogits() > 0) {
                top.add(topLogits(logits, req.topLogits()));
            }
            int id = sampler.sample(logits, history);
            if (tok.isEog(id)) {
                reason = Generation.StopReason.EOS;
                break;
            }
            out.add(id);
            history.add(id);
            String delta = decoder.push(id);
            text = decoder.text();
            int cut = stopIndex(text, req.stop());
            if (cut >= 0) {
                text = text.substring(0, cut);
                reason = Generation.StopReason.STOP_STRING;
                break;
            }
            listener.onToken(id, delta);
            if (step == req.maxTokens() - 1) {
                break;
            }
            if (seq.position() >= contextLength) {
                reason = Generation.StopReason.CONTEXT_FULL;
                break;
            }
            one[0] = id;
            logits = model.forward(compute, seq, one, 0, 1, false);
        }
        long decode = System.nanoTime() - decodeStart;
        return new Generation(prompt, out.stream().mapToInt(Integer::intValue).toArray(), text, reason, top,
                prefill, decode);
    }

    /**
     * Runs a few throwaway tokens (a short prompt, then single-token steps) so the JIT compiles the vector kernels,
     * then asks for one full collection. Until C2 compiles them, Vector API code allocates every intermediate vector:
     * about 1.5 GB of garbage on the bench models, which makes G1 grow the heap to 500 MB-1 GB and keep it although
     * the live set is ~20 MB. Collecting once after the warm-up lets G1 shrink the heap back; the compiled decode
     * path allocates next to nothing afterwards. Call it once after loading, before serving.
     */
    public void warmUp() {
        int vocab = config().vocabSize();
        int n = Math.min(16, Math.max(1, contextLength / 2));
        int[] prompt = new int[n];
        for (int i = 0; i < n; i++) {
            prompt[i] = (7 + 31 * i) % vocab;
        }
        // three rounds: compilation runs in the background, later rounds give it time to land
        for (int round = 0; round < 3; round++) {
            SequenceState seq = model().newSequence(Math.min(contextLength, n + 4));
            prefill(seq, prompt);
            int[] one = {prompt[round]};
            for (int i = 0; i < 4 && seq.position() < seq.capacity(); i++) {
                model().forward(compute, seq, one, 0, 1, false);
            }
        }
        System.gc();
    }

    /** Runs the prompt in batches of {@link #PREFILL_BATCH} so activations stay bounded for long prompts. */
    public float[] prefill(SequenceState seq, int[] tokens) {
        float[] logits = null;
        for (int off = 0; off < tokens.length; off += PREFILL_BATCH) {
            int n = Math.min(PREFILL_BATCH, tokens.length - off);
            logits = model().forward(compute, seq, tokens, off, n, false);
        }
        return logits;
    }

    private static int stopIndex(String text, List<String> stops) {
        int best = -1;
        for (String s : stops) {
            int i = s.isEmpty() ? -1 : text.indexOf(s);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    private List<TopLogit> topLogits(float[] logits, int k) {
        int n = Math.min(k, logits.length);
        int[] idx = new int[n];
        java.util.Arrays.fill(idx, -1);
        for (int i = 0; i < logits.length; i++) {
            int pos = n;
            while (pos > 0 && (idx[pos - 1] < 0 || logits[i] > logits[idx[pos - 1]])) {
                pos--;
            }
            if (pos < n) {
                System.arraycopy(idx, pos, idx, pos + 1, n - pos - 1);
                idx[pos] = i;
            }
        }
        List<TopLogit> res = new ArrayList<>(n);
        for (int id : idx) {
            res.add(new TopLogit(id, tokenizer().piece(id), logits[id]));
        }
        return res;
    }

    @Override
    public void close() {
        pool.close();
        loaded.close();
    }
}
