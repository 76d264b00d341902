package io.consilium.llm.serve;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ChatTemplate;
import io.consilium.llm.chat.ToolSpec;
import io.consilium.llm.engine.BatchEngine;
import io.consilium.llm.engine.BatchRequest;
import io.consilium.llm.grammar.Grammar;
import io.consilium.llm.grammar.GrammarConstraint;
import io.consilium.llm.grammar.GrammarStates;
import io.consilium.llm.grammar.JsonSchemaGrammar;
import io.consilium.llm.grammar.TokenMasker;
import io.consilium.llm.grammar.VocabTrie;
import io.consilium.llm.tokenizer.Tokenizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the HTTP API and the event-bus API share: turning a request into prompt tokens (chat template, tools) and a
 * grammar constraint (response format, tool choice, the server's --grammar), and submitting it to the batching
 * engine. Compiled grammars are cached by their text, so an agent that sends the same schema every time pays for
 * its masks once. Thread-safe; call it off the event loop (rendering and grammar compilation are CPU work).
 */
public final class LlmService {
    /** Answer length when a request gives no max_tokens (further capped by the context left). */
    static final int DEFAULT_MAX_TOKENS = 512;
    private static final int CACHED_GRAMMARS = 32;
    private static final int CACHED_STATES_PER_GRAMMAR = 4096;

    private final BatchEngine batch;
    private final String modelName;
    private final ChatTemplate template;
    private final ToolFormat toolFormat;
    private final String defaultGrammar;
    private final Map<String, TokenMasker> grammars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenMasker> e) {
            return size() > CACHED_GRAMMARS;
        }
    };
    private volatile VocabTrie trie;
    /** The tool format's markers that are control tokens of this vocabulary: shown in answers, offered by grammars. */
    private final Set<Integer> markerTokens;
    /** Per forced-call grammar: its steered length in tokens. */
    private final Map<String, Integer> steered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
            return size() > CACHED_GRAMMARS;
        }
    };
    private static final int STEER_LIMIT = 100_000;

    /** @param defaultGrammar GBNF applied to requests that ask for no format of their own, or null */
    public LlmService(BatchEngine batch, String modelName, String defaultGrammar) {
        this.batch = batch;
        this.modelName = modelName;
        this.template = ChatTemplate.fromGguf(batch.engine().loaded().file().metadata());
        this.toolFormat = ToolFormat.of(template.source());
        this.markerTokens = markerTokens(batch.engine().tokenizer(), toolFormat);
        this.defaultGrammar = defaultGrammar;
        if (defaultGrammar != null) {
            masker(defaultGrammar); // fail at start-up, not on the first request
        }
    }

    public BatchEngine batch() {
        return batch;
    }

    public String modelName() {
        return modelName;
    }

    public int contextLength() {
        return batch.engine().contextLength();
    }

    /** A request ready for the engine, with what the answer's post-processing needs to know. */
    public record Prepared(BatchRequest request, int promptTokens, boolean toolsActive, ToolFormat toolFormat,
                           Set<String> builtinTools) {
    }

    /** How this model writes tool calls (from its chat template). */
    ToolFormat toolFormat() {
        return toolFormat;
    }

    public Prepared prepare(ChatRequest r, long deadlineNanos) {
        Tokenizer tok = batch.engine().tokenizer();
        int[] prompt;
        if (r.chat()) {
            String text = render(r);
            boolean hasBos = tok.bos() >= 0 && text.startsWith(tok.piece(tok.bos()));
            prompt = tok.encode(text, !hasBos, true);
        } else {
            prompt = tok.encode(r.prompt(), true, true);
        }
        if (prompt.length == 0) {
            throw ApiError.invalid(r.chat() ? "messages" : "prompt", "the prompt is empty");
        }
        int ctx = contextLength();
        if (prompt.length >= ctx) {
            throw new ApiError(400, "invalid_request_error", r.chat() ? "messages" : "prompt",
                    "context_length_exceeded", "the prompt has " + prompt.length + " tokens but the context holds "
                    + ctx + "; shorten it (or start the server with a larger --ctx)");
        }
        int room = ctx - prompt.length;
        int max = r.maxTokens() > 0 ? Math.min(r.maxTokens(), room) : Math.min(DEFAULT_MAX_TOKENS, room);
        String gbnf = grammarFor(r);
        GrammarConstraint constraint;
        try {
            constraint = gbnf == null ? null : new GrammarConstraint(masker(gbnf));
        } catch (LlmUserError e) {
            throw ApiError.invalid(r.format().equals("grammar") ? "grammar" : "response_format", e.getMessage());
        }
        if (constraint != null && forcedCall(r)) {
            max = forcedCallBudget(r, steeredLength(gbnf), max, room);
        }
        // a grammar's trie offers the marker tokens, so any constrained answer must show them; so must a tool answer
        Set<Integer> shown = constraint != null || r.toolsActive() ? markerTokens : Set.of();
        BatchRequest req = new BatchRequest(prompt, r.sampler(), max, r.stop(), constraint, r.priority(), deadlineNanos,
                shown);
        return new Prepared(req, prompt.length, r.toolsActive(), toolFormat, builtins(r));
    }

    static Set<Integer> markerTokens(Tokenizer tok, ToolFormat format) {
        Set<String> texts = Set.copyOf(format.markers());
        Set<Integer> ids = new TreeSet<>();
        for (int id = 0; id < tok.vocabSize(); id++) {
            if (tok.isControl(id) && !tok.isEog(id) && texts.contains(tok.piece(id))) {
                ids.add(id);
            }
        }
        return Set.copyOf(ids);
    }

    private static boolean forcedCall(ChatRequest r) {
        return r.toolsActive() && (r.toolChoice().equals("required") || r.toolChoice().startsWith("function:"));
    }

    /**
     * The token budget of a forced call, given {@code need}: the tokens the call takes when the grammar steers it to
     * its end from the first token ({@link #steeredLength}). A max_tokens below that would cut the call, so it is
     * refused with a 400 that names the number; without max_tokens the default grows to fit the call.
     */
    static int forcedCallBudget(ChatRequest r, int need, int max, int room) {
        if (max >= need) {
            return max;
        }
        if (r.maxTokens() <= 0 && room >= need) {
            return need;
        }
        if (r.maxTokens() > 0 && r.maxTokens() < need) {
            throw ApiError.invalid("max_tokens", "max_tokens " + r.maxTokens() + " is too small for the forced tool "
                    + "call (tool_choice " + (r.toolChoice().equals("required") ? "required" : "named") + "): its "
                    + "shortest form takes up to " + need + " tokens; send max_tokens of at least " + need
                    + ", or tool_choice \"auto\"");
        }
        throw new ApiError(400, "invalid_request_error", "messages", "context_length_exceeded", "the forced tool "
                + "call needs up to " + need + " tokens but only " + room + " are left in the context after the "
                + "prompt; shorten the conversation (or start the server with a larger --ctx)");
    }

    /**
     * How many tokens a grammar's answer takes when it is steered to its end from the first token, measured with
     * the model's own vocabulary by running the constraint the engine runs with a budget of one token at every
     * step (so it keeps only the tokens that bring the end closest; ties go to the lowest id). This is what a tight
     * max_tokens makes the engine do, so a call fits in max_tokens when max_tokens is at least this. Cached per
     * grammar; warms the grammar's masks along the way.
     */
    int steeredLength(String gbnf) {
        synchronized (steered) {
            Integer n = steered.get(gbnf);
            if (n != null) {
                return n;
            }
        }
        int n = steeredLength(masker(gbnf), batch.engine().tokenizer());
        synchronized (steered) {
            steered.put(gbnf, n);
        }
        return n;
    }

    static int steeredLength(TokenMasker masker, Tokenizer tok) {
        GrammarConstraint c = new GrammarConstraint(masker);
        float[] logits = new float[tok.vocabSize()];
        int n = 0;
        while (!c.accepting() && n < STEER_LIMIT) {
            java.util.Arrays.fill(logits, 0f);
            c.apply(logits, 1);
            int pick = -1;
            for (int t = 0; t < logits.length; t++) {
                if (logits[t] != Float.NEGATIVE_INFINITY && !tok.isEog(t)) {
                    pick = t;
                    break;
                }
            }
            if (pick < 0) {
                break;
            }
            c.accept(pick);
            n++;
        }
        return n;
    }

    /** The Llama built-in tools the request offers (read in their Python syntax), empty for other families. */
    private Set<String> builtins(ChatRequest r) {
        if (toolFormat != ToolFormat.LLAMA3 || !r.toolsActive()) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        for (ToolSpec t : r.tools()) {
            if (LlamaBuiltins.NAMES.contains(t.name())) {
                out.add(t.name());
            }
        }
        return Set.copyOf(out);
    }

    private String render(ChatRequest r) {
        List<ChatMessage> messages = toolFormat.mistral() ? ToolCalls.mistralIds(r.messages()) : r.messages();
        boolean offer = r.toolsActive();
        try {
            if (ToolCalls.templateHandlesTools(template.source())) {
                Set<String> builtins = builtins(r);
                // Llama's template announces built-in tools ("Tools: brave_search, …") from this variable
                Map<String, Object> extra = builtins.isEmpty() ? null
                        : Map.of("builtin_tools", List.copyOf(new TreeSet<>(builtins)));
                return template.render(messages, true, offer ? r.tools() : null, extra);
            }
            boolean nativeCalls = toolFormat != ToolFormat.HERMES && ToolCalls.templateHandlesCalls(template.source());
            return template.render(ToolCalls.inline(toolFormat, messages, r.tools(), offer, nativeCalls), true, null,
                    null);
        } catch (LlmUserError e) {
            throw ApiError.invalid("messages", e.getMessage());
        }
    }

    private String grammarFor(ChatRequest r) {
        try {
            if (forcedCall(r)) {
                String only = r.toolChoice().startsWith("function:") ? r.toolChoice().substring(9) : null;
                return ToolCalls.grammar(toolFormat, r.tools(), only);
            }
            return switch (r.format()) {
                case "json_object" -> JsonSchemaGrammar.anyObject();
                case "json_schema" -> JsonSchemaGrammar.toGbnf(r.formatSpec());
                case "grammar" -> r.formatSpec();
                default -> defaultGrammar;
            };
        } catch (LlmUserError e) {
            throw ApiError.invalid(r.format().equals("grammar") ? "grammar" : "response_format", e.getMessage());
        }
    }

    /** The cached masker for a GBNF text, compiling it (and the vocabulary trie) on first use. */
    public TokenMasker masker(String gbnf) {
        synchronized (grammars) {
            TokenMasker m = grammars.get(gbnf);
            if (m != null) {
                return m;
            }
        }
        GrammarStates states = new GrammarStates(Grammar.parse(gbnf));
        TokenMasker m = new TokenMasker(states, trie(), CACHED_STATES_PER_GRAMMAR);
        synchronized (grammars) {
            grammars.putIfAbsent(gbnf, m);
            return grammars.get(gbnf);
        }
    }

    private VocabTrie trie() {
        VocabTrie t = trie;
        if (t == null) {
            synchronized (this) {
                if (trie == null) {
                    trie = VocabTrie.of(batch.engine().tokenizer(), markerTokens);
                }
                t = trie;
            }
        }
        return t;
    }
}
