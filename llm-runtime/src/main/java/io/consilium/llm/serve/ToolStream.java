package io.consilium.llm.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a streamed answer into content deltas and tool-call deltas the way OpenAI streams them. Text streams as
 * content until the format's marker opens a call region (only a short tail that may be the start of the marker, and
 * trailing whitespace, is held back); then, once a call's name is written, one delta carries its id, type and name
 * (with empty arguments), and later deltas carry the arguments text as it grows. A region that turns out not to be
 * calls is released as content as soon as that is clear (for Llama's bare JSON: at the first key no call object
 * has), not only at the end. Text after the calls is content again, and another marker opens another region.
 * The finished-answer parse ({@link ToolCalls#parse}) runs the same machine, so both always agree.
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

    private enum Mode { OFF, WATCH, CALLS }

    private final ToolFormat format;
    private final Set<String> builtins;
    private final StringBuilder buf = new StringBuilder();
    private Mode mode;
    /** WATCH: the text before this has been sent or dropped. */
    private int pos;
    /** WATCH: where the next marker may start. */
    private int searchFrom;
    /** CALLS: where the region's marker starts and where its calls start. */
    private int markerStart;
    private int regionStart;
    /** CALLS: the global index of the region's first call. */
    private int callBase;
    /** Whitespace held back at the end of the content sent so far (dropped if calls follow). */
    private String heldWs = "";
    private String heldBeforeRegion = "";
    /** Drop leading whitespace of the next content (right after calls). */
    private boolean stripLead;
    /** Whether Llama's bare '{' opening was already considered. */
    private boolean bareDone;
    /** Per call: arguments characters already sent (-1: header not sent yet). */
    private final List<Integer> sent = new ArrayList<>();

    ToolStream(boolean active) {
        this(active, ToolFormat.HERMES, Set.of());
    }

    ToolStream(boolean active, ToolFormat format) {
        this(active, format, Set.of());
    }

    /** @param builtins Llama built-in tools the request offered (their Python syntax is read as calls) */
    ToolStream(boolean active, ToolFormat format, Set<String> builtins) {
        this.format = format;
        this.builtins = builtins;
        this.mode = active ? Mode.WATCH : Mode.OFF;
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
        if (mode == Mode.OFF) {
            out.add(Piece.content(delta));
            return out;
        }
        buf.append(delta);
        run(out, false);
        return out;
    }

    /** Whatever is still held when the answer ends. */
    List<Piece> finish() {
        List<Piece> out = new ArrayList<>();
        if (mode == Mode.OFF) {
            return out;
        }
        run(out, true);
        if (calls() == 0 && !heldWs.isEmpty()) {
            out.add(Piece.content(heldWs));
        }
        heldWs = "";
        return out;
    }

    private void run(List<Piece> out, boolean ended) {
        while (mode == Mode.WATCH ? watch(out, ended) : calls(out, ended)) {
            // each step either moves to the other mode (go on) or waits for more text (stop)
        }
    }

    /** Content until a marker; true when a call region was opened. */
    private boolean watch(List<Piece> out, boolean ended) {
        if (format == ToolFormat.LLAMA3 && !bareDone) {
            int i = CallScanner.skipWs(buf, pos);
            if (i >= buf.length() && !ended) {
                return false;
            }
            bareDone = true;
            if (i < buf.length() && buf.charAt(i) == '{') {
                pos = i;
                openRegion(i, i);
                return true;
            }
        }
        int from = Math.max(pos, searchFrom);
        int m = buf.indexOf(format.marker, from);
        if (m >= 0) {
            content(out, buf.substring(pos, m));
            openRegion(m, m + format.marker.length());
            return true;
        }
        int safe = ended ? buf.length() : buf.length() - heldPrefix(from);
        content(out, buf.substring(pos, safe));
        pos = safe;
        return false;
    }

    private void openRegion(int markerAt, int callsAt) {
        markerStart = markerAt;
        regionStart = callsAt;
        callBase = sent.size();
        heldBeforeRegion = heldWs;
        heldWs = "";
        mode = Mode.CALLS;
    }

    /** The length of the longest tail (after {@code from}) that may be the start of the marker. */
    private int heldPrefix(int from) {
        String marker = format.marker;
        for (int k = Math.min(marker.length() - 1, buf.length() - from); k > 0; k--) {
            if (buf.substring(buf.length() - k).equals(marker.substring(0, k))) {
                return k;
            }
        }
        return 0;
    }

    private void content(List<Piece> out, String text) {
        if (stripLead) {
            text = text.stripLeading();
            if (text.isEmpty()) {
                return;
            }
            stripLead = false;
        }
        String body = text.stripTrailing();
        if (body.isEmpty()) {
            heldWs += text;
            return;
        }
        out.add(Piece.content(heldWs + body));
        heldWs = text.substring(body.length());
    }

    /** Calls in the open region; true when the region ended (or was not calls) and content follows. */
    private boolean calls(List<Piece> out, boolean ended) {
        String region = buf.substring(regionStart);
        List<CallScanner.Partial> calls = format.calls(region, builtins, ended);
        boolean named = false;
        for (CallScanner.Partial p : calls) {
            named |= p.name() != null;
        }
        if (!named) {
            if (ended || format.impossible(region, builtins, false)) {
                // not calls after all: the marker and what follows are content
                mode = Mode.WATCH;
                pos = markerStart;
                searchFrom = Math.max(regionStart, markerStart + 1);
                heldWs = heldBeforeRegion;
                return true;
            }
            return false;
        }
        for (int i = 0; i < calls.size(); i++) {
            CallScanner.Partial p = calls.get(i);
            if (p.name() == null) {
                continue;
            }
            int g = callBase + i;
            while (sent.size() <= g) {
                sent.add(-1);
            }
            if (sent.get(g) < 0) {
                out.add(new Piece(null, g, p.id() != null ? p.id() : ToolCalls.newId(format), p.name(), null));
                sent.set(g, 0);
            }
            int have = sent.get(g);
            if (p.args().length() > have) {
                out.add(new Piece(null, g, null, null, p.args().substring(have)));
                sent.set(g, p.args().length());
            }
        }
        CallScanner.Partial last = calls.get(calls.size() - 1);
        if (!last.done()) {
            return false;
        }
        int end = format.regionEnd(region, calls);
        String rest = region.substring(end);
        boolean closed = end > last.end();
        if (closed || ended || !rest.isBlank() && !format.continues(rest)) {
            mode = Mode.WATCH;
            pos = regionStart + end;
            searchFrom = pos;
            stripLead = true;
            return true;
        }
        return false;
    }
}
