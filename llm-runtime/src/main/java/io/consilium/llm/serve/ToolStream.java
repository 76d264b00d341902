package io.consilium.llm.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a streamed answer into content deltas and tool-call deltas the way OpenAI streams them: while the answer
 * may still turn out to open a call it is held back; once a call's name is written, one delta carries its id, type
 * and name (with empty arguments), and later deltas carry the arguments text as it grows. Anything not a call
 * streams as content.
 */
final class ToolStream {
    /**
     * One streamed piece: content text, or for call {@code index} its header ({@code id} and {@code name} set) or
     * a piece of its arguments ({@code args}).
     */
    record Piece(String content, int index, String id, String name, String args) {
        static Piece content(String text) {
            return new Piece(text, -1, null, null, null);
        }
    }

    private enum Mode { UNDECIDED, CONTENT, CALLS }

    private final ToolFormat format;
    private final StringBuilder buf = new StringBuilder();
    private Mode mode;
    private int regionStart;
    /** Per call: arguments characters already sent (-1: header not sent yet). */
    private final List<Integer> sent = new ArrayList<>();

    ToolStream(boolean active) {
        this(active, ToolFormat.HERMES);
    }

    ToolStream(boolean active, ToolFormat format) {
        this.format = format;
        this.mode = active ? Mode.UNDECIDED : Mode.CONTENT;
    }

    /** Calls announced so far. */
    int calls() {
        int n = 0;
        for (int s : sent) {
            n += s >= 0 ? 1 : 0;
        }
        return n;
    }

    List<Piece> push(String delta) {
        List<Piece> out = new ArrayList<>();
        if (delta.isEmpty()) {
            return out;
        }
        if (mode == Mode.CONTENT) {
            out.add(Piece.content(delta));
            return out;
        }
        buf.append(delta);
        if (mode == Mode.UNDECIDED) {
            int start = format.start(buf.toString());
            if (start == -2) {
                return out;
            }
            if (start == -1) {
                mode = Mode.CONTENT;
                out.add(Piece.content(buf.toString()));
                buf.setLength(0);
                return out;
            }
            mode = Mode.CALLS;
            regionStart = start;
        }
        emit(out);
        return out;
    }

    private void emit(List<Piece> out) {
        List<CallScanner.Partial> calls = format.calls(buf.substring(regionStart));
        for (int i = 0; i < calls.size(); i++) {
            CallScanner.Partial p = calls.get(i);
            if (p.name() == null) {
                continue;
            }
            if (i == sent.size()) {
                sent.add(-1);
            }
            if (sent.get(i) < 0) {
                out.add(new Piece(null, i, ToolCalls.newId(format), p.name(), null));
                sent.set(i, 0);
            }
            int have = sent.get(i);
            if (p.args().length() > have) {
                out.add(new Piece(null, i, null, null, p.args().substring(have)));
                sent.set(i, p.args().length());
            }
        }
    }

    /** Whatever is still held when the answer ends: content if no call was made, else the calls' last pieces. */
    List<Piece> finish() {
        List<Piece> out = new ArrayList<>();
        if (mode == Mode.CALLS) {
            emit(out);
            if (calls() > 0) {
                // only whitespace can come before the calls; text after them is content
                String region = buf.substring(regionStart);
                String rest = region.substring(format.regionEnd(region, format.calls(region))).strip();
                if (!rest.isEmpty()) {
                    out.add(Piece.content(rest));
                }
                buf.setLength(0);
                return out;
            }
        }
        if (!buf.isEmpty() && !buf.toString().isBlank()) {
            out.add(Piece.content(buf.toString()));
        }
        buf.setLength(0);
        return out;
    }
}
