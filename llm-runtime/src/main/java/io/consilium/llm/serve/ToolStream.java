package io.consilium.llm.serve;

import io.consilium.llm.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a streamed answer into content deltas and tool calls: while the answer may still turn out to be a
 * {@code <tool_call>} block it is held back; each completed block becomes one tool-call delta; anything else
 * streams as content.
 */
final class ToolStream {
    /** One streamed piece: either content text or a complete tool call. */
    record Piece(String content, ToolCall call, int index) {
    }

    private enum Mode { UNDECIDED, CONTENT, CALLS }

    private final boolean active;
    private final StringBuilder buf = new StringBuilder();
    private Mode mode;
    private int calls;

    ToolStream(boolean active) {
        this.active = active;
        this.mode = active ? Mode.UNDECIDED : Mode.CONTENT;
    }

    int calls() {
        return calls;
    }

    List<Piece> push(String delta) {
        List<Piece> out = new ArrayList<>();
        if (delta.isEmpty()) {
            return out;
        }
        if (mode == Mode.CONTENT) {
            out.add(new Piece(delta, null, -1));
            return out;
        }
        buf.append(delta);
        if (mode == Mode.UNDECIDED) {
            String s = buf.toString().stripLeading();
            if (s.startsWith(ToolCalls.OPEN)) {
                mode = Mode.CALLS;
            } else if (!ToolCalls.OPEN.startsWith(s)) {
                mode = Mode.CONTENT;
                out.add(new Piece(buf.toString(), null, -1));
                buf.setLength(0);
                return out;
            } else {
                return out;
            }
        }
        int close;
        while ((close = buf.indexOf(ToolCalls.CLOSE)) >= 0) {
            String block = buf.substring(0, close + ToolCalls.CLOSE.length());
            buf.delete(0, close + ToolCalls.CLOSE.length());
            int open = block.indexOf(ToolCalls.OPEN);
            ToolCall c = open < 0 ? null
                    : ToolCalls.call(block.substring(open + ToolCalls.OPEN.length(), close).strip());
            if (c != null) {
                out.add(new Piece(null, c, calls++));
            } else {
                out.add(new Piece(block, null, -1));
            }
        }
        return out;
    }

    /** Whatever is still held when the answer ends, as content. */
    List<Piece> finish() {
        List<Piece> out = new ArrayList<>();
        if (!buf.isEmpty() && !buf.toString().isBlank()) {
            out.add(new Piece(buf.toString(), null, -1));
        }
        buf.setLength(0);
        return out;
    }
}
