package io.consilium.llm.engine;

import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.sample.IntList;
import io.consilium.llm.sample.Sampler;
import io.consilium.llm.tokenizer.Tokenizer;
import java.util.List;

/**
 * One request inside the {@link BatchEngine}: its KV state, where it is in its prompt, its sampler and grammar,
 * and the text streamed so far. Touched only by the scheduler thread (the ticket's cancel flag excepted).
 */
final class BatchSequence {
    final BatchRequest request;
    final BatchListener listener;
    final BatchEngine.Ticket ticket;
    final long serial;
    private final Tokenizer tok;
    private final long submitted = System.nanoTime();
    private final int maxStop;
    SequenceState state;
    int cached;
    long reservedBytes;
    private Sampler sampler;
    private IntList history;
    private StreamDecoder decoder;
    private final StringBuilder released = new StringBuilder();
    private final IntList out = new IntList();
    private int fed;
    private int pending = -1;
    private boolean promptComplete;
    private boolean justFinished;
    private int emitted;
    private int cut = -1;
    private long started;
    private long firstToken;
    private boolean done;

    BatchSequence(BatchRequest request, BatchListener listener, BatchEngine.Ticket ticket, long serial, Tokenizer tok,
                  int ctx) {
        this.request = request;
        this.listener = listener;
        this.ticket = ticket;
        this.serial = serial;
        this.tok = tok;
        this.maxStop = request.stop().stream().mapToInt(String::length).max().orElse(0);
    }

    void start(TransformerModel model, int capacity) {
        started = System.nanoTime();
        state = model.newSequence(capacity);
        sampler = new Sampler(request.sampler());
        history = IntList.of(request.promptTokens());
        decoder = new StreamDecoder(tok, request.shownControls());
    }

    boolean decoding() {
        return promptComplete;
    }

    /** The tokens this sequence computes in the next step, or null when the step's prompt budget is used up. */
    TransformerModel.Segment nextSegment(int prefillBudget) {
        if (promptComplete) {
            return new TransformerModel.Segment(state, new int[] {pending}, 0, 1);
        }
        fed = Math.max(fed, cached);
        int n = Math.min(request.promptTokens().length - fed, prefillBudget);
        return n <= 0 ? null : new TransformerModel.Segment(state, request.promptTokens(), fed, n);
    }

    /** Records that n tokens were computed; true when the step's logits are this sequence's next-token logits. */
    boolean advance(int n) {
        if (promptComplete) {
            return true;
        }
        fed += n;
        if (fed == request.promptTokens().length) {
            promptComplete = true;
            justFinished = true;
            return true;
        }
        return false;
    }

    boolean justFinishedPrompt() {
        boolean j = justFinished;
        justFinished = false;
        return j;
    }

    /** Samples the next token from its logits; returns why the sequence ends, or null to go on. */
    BatchResult.Reason sampleNext(float[] logits) {
        int left = request.maxTokens() - out.size();
        if (request.constraint() != null) {
            request.constraint().apply(logits, left);
        }
        int id = sampler.sample(logits, history);
        if (request.constraint() != null) {
            request.constraint().accept(id);
        }
        if (firstToken == 0) {
            firstToken = System.nanoTime() - submitted;
        }
        if (tok.isEog(id)) {
            return BatchResult.Reason.EOS;
        }
        out.add(id);
        history.add(id);
        released.append(decoder.push(id));
        int stopAt = stopIndex(released, request.stop());
        if (stopAt >= 0) {
            cut = stopAt;
            emit(id, stopAt);
            return BatchResult.Reason.STOP_STRING;
        }
        emit(id, Math.max(emitted, released.length() - Math.max(0, maxStop - 1)));
        if (request.constraint() != null && request.constraint().finished()) {
            return BatchResult.Reason.GRAMMAR_COMPLETE;
        }
        if (out.size() >= request.maxTokens()) {
            return BatchResult.Reason.MAX_TOKENS;
        }
        if (state.position() >= state.capacity()) {
            return BatchResult.Reason.CONTEXT_FULL;
        }
        pending = id;
        return null;
    }

    private void emit(int id, int upTo) {
        String delta = released.substring(emitted, upTo);
        emitted = upTo;
        listener.onToken(id, delta);
    }

    void finish(BatchResult.Reason reason) {
        complete(reason, null);
    }

    void fail(String error) {
        complete(BatchResult.Reason.ERROR, error);
    }

    private void complete(BatchResult.Reason reason, String error) {
        if (done) {
            return;
        }
        done = true;
        String text = decoder == null ? "" : cut >= 0 ? released.substring(0, cut) : decoder.text();
        if (error == null && text.length() > emitted) {
            listener.onToken(-1, text.substring(emitted));
        }
        long now = System.nanoTime();
        BatchResult r = new BatchResult(request.promptTokens(), out.toArray(), text, reason, cached,
                started == 0 ? now - submitted : started - submitted, firstToken, now - submitted, error);
        try {
            listener.onDone(r);
        } finally {
            ticket.result().complete(r);
        }
    }

    private static int stopIndex(CharSequence text, List<String> stops) {
        int best = -1;
        String s = text.toString();
        for (String stop : stops) {
            int i = stop.isEmpty() ? -1 : s.indexOf(stop);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }
}
