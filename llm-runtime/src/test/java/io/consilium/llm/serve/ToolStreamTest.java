package io.consilium.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ChatTemplate;
import io.consilium.llm.chat.ToolCall;
import io.consilium.llm.chat.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The call shapes beyond one JSON call per answer, rendered with the real templates where a template writes them:
 * Mistral v11+ ({@code [TOOL_CALLS]name[ARGS]{…}}, several, with and without {@code [CALL_ID]}), Llama's built-in
 * tools after {@code <|python_tag|>}, text before the calls (streamed as content first), and Llama answers that
 * open with '{' without being a call (released as content as soon as that is clear). Every answer is also streamed
 * in random small pieces and must give the same content and calls as the whole answer.
 */
class ToolStreamTest {
    static final ToolFormatTest.Family NEMO = ToolFormatTest.FAMILIES.get(2);
    static final ToolFormatTest.Family SMALL32 = ToolFormatTest.FAMILIES.get(3);
    static final ToolFormatTest.Family MINISTRAL3 = ToolFormatTest.FAMILIES.get(4);
    static final ToolFormatTest.Family LLAMA = ToolFormatTest.FAMILIES.get(1);

    /** What a stream gave: content text (and where the first call header came), calls as id/name/args. */
    record Streamed(String content, List<ToolCall> calls, int contentPiecesBeforeFirstCall, int piecesPushed) {
    }

    static Streamed stream(ToolFormat format, Set<String> builtins, String text, SplittableRandom r) {
        ToolStream s = new ToolStream(true, format, builtins);
        List<ToolStream.Piece> pieces = new ArrayList<>();
        int pushes = 0;
        for (int i = 0; i < text.length(); ) {
            int n = 1 + r.nextInt(6);
            pieces.addAll(s.push(text.substring(i, Math.min(text.length(), i + n))));
            i += n;
            pushes++;
        }
        int beforeFinish = pieces.size();
        pieces.addAll(s.finish());
        StringBuilder content = new StringBuilder();
        List<String[]> heads = new ArrayList<>();
        List<StringBuilder> args = new ArrayList<>();
        int contentBefore = 0;
        for (int k = 0; k < pieces.size(); k++) {
            ToolStream.Piece p = pieces.get(k);
            if (p.index() < 0) {
                content.append(p.content());
                if (heads.isEmpty() && k < beforeFinish) {
                    contentBefore++;
                }
            } else if (p.name() != null) {
                assertEquals(heads.size(), p.index(), "headers come in index order");
                heads.add(new String[] {p.id(), p.name()});
                args.add(new StringBuilder());
            } else {
                assertTrue(p.index() < heads.size(), "arguments after their header");
                args.get(p.index()).append(p.args());
            }
        }
        List<ToolCall> calls = new ArrayList<>();
        for (int k = 0; k < heads.size(); k++) {
            calls.add(new ToolCall(heads.get(k)[0], heads.get(k)[1], args.get(k).toString()));
        }
        return new Streamed(content.toString(), calls, contentBefore, pushes);
    }

    static String turn(ToolFormatTest.Family f, List<ToolCall> calls, Map<String, Object> extra) {
        ChatTemplate t = ChatTemplate.of(ToolFormatTest.resource(f.file()), f.bos(), f.eos());
        List<ChatMessage> conv = ToolCalls.mistralIds(List.of(ChatMessage.system("be brief"),
                ChatMessage.user("price of ETH?"), ChatMessage.assistantCalls(calls)));
        String text = t.render(f.format().mistral() ? conv : List.of(conv.get(0), conv.get(1),
                ChatMessage.assistantCalls(calls)), false, ToolFormatTest.TOOLS, extra);
        String turn = text.substring(text.lastIndexOf(f.assistantStart()) + f.assistantStart().length());
        for (String end : f.ends()) {
            if (turn.endsWith(end)) {
                turn = turn.substring(0, turn.length() - end.length());
            }
        }
        return turn;
    }

    static void assertSameCalls(List<ToolCall> expected, List<ToolCall> got, String what) throws Exception {
        assertEquals(expected.size(), got.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), got.get(i).name(), what);
            assertEquals(RequestParser.JSON.readTree(expected.get(i).arguments()),
                    RequestParser.JSON.readTree(got.get(i).arguments()), what);
        }
    }

    /** The whole answer and random streamings of it agree with each other and with the expectation. */
    static void check(ToolFormat format, Set<String> builtins, String text, String content, List<ToolCall> calls)
            throws Exception {
        ToolCalls.Parsed whole = ToolCalls.parse(format, text, builtins);
        assertEquals(content, whole.content(), text);
        assertSameCalls(calls, whole.calls(), text);
        SplittableRandom r = new SplittableRandom(text.hashCode());
        for (int round = 0; round < 20; round++) {
            Streamed s = stream(format, builtins, text, r);
            if (calls.isEmpty()) {
                assertEquals(text, s.content(), "plain text streams unchanged");
            } else {
                assertEquals(content == null ? "" : content, s.content().strip(), text);
            }
            assertSameCalls(calls, s.calls(), text);
        }
    }

    @Test
    void mistralV11CallsFromSmall32AndMinistral3TemplatesSeveralAtOnce() throws Exception {
        List<ToolCall> calls = List.of(new ToolCall("abcDEF123", "get_price", "{\"symbol\":\"ETH\",\"block\":42}"),
                new ToolCall("xyz987uvw", "noop", "{}"),
                new ToolCall("qqq111rrr", "get_price", "{\"symbol\":\"USDC\",\"block\":7,\"n\":\"[ARGS] ]}\"}"));
        for (ToolFormatTest.Family f : List.of(SMALL32, MINISTRAL3)) {
            assertEquals(ToolFormat.MISTRAL11, ToolFormat.of(ToolFormatTest.resource(f.file())), f.file());
            String turn = turn(f, calls, null);
            assertTrue(turn.startsWith("[TOOL_CALLS]get_price[") && turn.contains("[ARGS]"), turn);
            check(f.format(), Set.of(), turn, null, calls);
            if (f == SMALL32) {
                // the template writes [CALL_ID]: the model's own ids are kept
                assertTrue(turn.contains("[CALL_ID]abcDEF123[ARGS]"), turn);
                List<ToolCall> parsed = ToolCalls.parse(f.format(), turn).calls();
                assertEquals(List.of("abcDEF123", "xyz987uvw", "qqq111rrr"),
                        parsed.stream().map(ToolCall::id).toList());
            }
        }
    }

    @Test
    void mistralV11TemplatesRenderEarlierCallsAndResultsWithNineCharacterIds() {
        String id = ToolCalls.nineChars("call_0123456789abcdef");
        for (ToolFormatTest.Family f : List.of(SMALL32, MINISTRAL3)) {
            ChatTemplate t = ChatTemplate.of(ToolFormatTest.resource(f.file()), f.bos(), f.eos());
            String text = t.render(ToolCalls.mistralIds(List.of(ChatMessage.user("price of ETH?"),
                    ChatMessage.assistantCalls(List.of(new ToolCall("call_0123456789abcdef", "get_price",
                            "{\"symbol\":\"ETH\"}"))), ChatMessage.tool("call_0123456789abcdef", "3000"),
                    ChatMessage.assistant("3000 USDC."), ChatMessage.user("and USDC?"))), true, ToolFormatTest.TOOLS,
                    null);
            assertTrue(text.contains("[AVAILABLE_TOOLS]") && text.endsWith("[INST]and USDC?[/INST]"), text);
            if (f == SMALL32) {
                assertTrue(text.contains("[TOOL_CALLS]get_price[CALL_ID]" + id + "[ARGS]{\"symbol\": \"ETH\"}")
                        && text.contains("[TOOL_RESULTS]" + id + "[TOOL_CONTENT]3000[/TOOL_RESULTS]"), text);
            } else {
                assertTrue(text.contains("[TOOL_CALLS]get_price[ARGS]{\"symbol\": \"ETH\"}")
                        && text.contains("[TOOL_RESULTS]3000[/TOOL_RESULTS]"), text);
            }
        }
    }

    @Test
    void bothMistralFormatsReadBothShapesAndV3StillWorks() throws Exception {
        List<ToolCall> calls = List.of(new ToolCall("abcDEF123", "get_price", "{\"symbol\":\"ETH\",\"block\":1}"),
                new ToolCall("xyz987uvw", "noop", "{}"));
        String v3 = turn(NEMO, calls, null);
        assertTrue(v3.startsWith("[TOOL_CALLS][{"), v3);
        String v11 = turn(MINISTRAL3, calls, null);
        for (ToolFormat format : List.of(ToolFormat.MISTRAL, ToolFormat.MISTRAL11)) {
            check(format, Set.of(), v3, null, calls);
            check(format, Set.of(), v11, null, calls);
        }
        // not a call: a bracket that no call shape allows
        String words = "[TOOL_CALLS] is how I would call a tool.";
        check(ToolFormat.MISTRAL11, Set.of(), words, words, List.of());
    }

    @Test
    void llamaBuiltInToolsBecomeCallsOnlyWhenOffered() throws Exception {
        Map<String, Object> extra = Map.of("builtin_tools", List.of("brave_search", "wolfram_alpha"));
        String search = turn(LLAMA, List.of(new ToolCall("c1", "brave_search", "{\"query\":\"ETH price today\"}")),
                extra);
        assertEquals("<|python_tag|>brave_search.call(query=\"ETH price today\")", search.strip());
        ChatTemplate t = ChatTemplate.of(ToolFormatTest.resource(LLAMA.file()), LLAMA.bos(), LLAMA.eos());
        String system = t.render(List.of(ChatMessage.user("hi")), true, ToolFormatTest.TOOLS, extra);
        assertTrue(system.contains("Environment: ipython\nTools: brave_search, wolfram_alpha"), system);

        Set<String> offered = Set.of("brave_search", "wolfram_alpha", "code_interpreter");
        check(ToolFormat.LLAMA3, offered, search, null,
                List.of(new ToolCall("x", "brave_search", "{\"query\":\"ETH price today\"}")));
        check(ToolFormat.LLAMA3, offered, "<|python_tag|>wolfram_alpha.call(query='solve x^2 = \\'4\\'', n=3, "
                + "exact=True)", null, List.of(new ToolCall("x", "wolfram_alpha",
                "{\"query\":\"solve x^2 = '4'\",\"n\":3,\"exact\":true}")));
        check(ToolFormat.LLAMA3, offered, "<|python_tag|>brave_search.call(query=\"say \\\"hi\\\"\\n\")", null,
                List.of(new ToolCall("x", "brave_search", "{\"query\":\"say \\\"hi\\\"\\n\"}")));
        String code = "import math\nprint(\"root\", math.sqrt(2))";
        check(ToolFormat.LLAMA3, offered, "<|python_tag|>" + code, null, List.of(new ToolCall("x",
                "code_interpreter", RequestParser.JSON.createObjectNode().put("code", code).toString())));
        // not offered: the same text is content
        check(ToolFormat.LLAMA3, Set.of(), search, search, List.of());
        check(ToolFormat.LLAMA3, Set.of("brave_search"), "<|python_tag|>" + code, "<|python_tag|>" + code, List.of());
        // JSON calls after the tag still work next to built-ins
        check(ToolFormat.LLAMA3, offered, "<|python_tag|>{\"name\": \"get_price\", \"parameters\": {\"symbol\": "
                + "\"ETH\"}}", null, List.of(new ToolCall("x", "get_price", "{\"symbol\":\"ETH\"}")));
    }

    @Test
    void textBeforeTheCallsStreamsAsContentFirst() throws Exception {
        ToolCall call = new ToolCall("abcDEF123", "get_price", "{\"symbol\":\"ETH\",\"block\":42}");
        for (ToolFormatTest.Family f : ToolFormatTest.FAMILIES) {
            String calls = ToolFormatTest.renderedCall(f, f.format().mistral()
                    ? new ToolCall(call.id(), call.name(), call.arguments()) : call);
            if (f.format() == ToolFormat.LLAMA3) {
                calls = "<|python_tag|>" + calls; // after text, Llama's JSON calls follow the tag
            }
            String lead = "Let me look that up [1] <for you>.";
            String text = lead + "\n" + calls;
            check(f.format(), Set.of(), text, lead, List.of(call));
            SplittableRandom r = new SplittableRandom(11);
            for (int round = 0; round < 10; round++) {
                Streamed s = stream(f.format(), Set.of(), text, r);
                assertEquals(lead, s.content(), f.file());
                assertTrue(s.contentPiecesBeforeFirstCall() > 0, f.file() + ": content goes out before the call");
            }
            // content arrives while it is written, not at the end: the first piece of plain text comes right back
            ToolStream s = new ToolStream(true, f.format());
            assertEquals("Let", s.push("Let").get(0).content(), f.file());
            // text after the calls is content too
            check(f.format(), Set.of(), text + "\nDone.", lead + "Done.", List.of(call));
        }
    }

    @Test
    void llamaAnswersOpeningWithABraceAreReleasedAsSoonAsTheyCannotBeCalls() throws Exception {
        String answer = "{\"answer\": 42, \"why\": \"the \\\"price\\\" rose\"}";
        ToolStream s = new ToolStream(true, ToolFormat.LLAMA3);
        StringBuilder got = new StringBuilder();
        int releasedAt = -1;
        for (int i = 0; i < answer.length(); i++) {
            for (ToolStream.Piece p : s.push(answer.substring(i, i + 1))) {
                assertNull(p.name());
                got.append(p.content());
                if (releasedAt < 0) {
                    releasedAt = i;
                }
            }
        }
        for (ToolStream.Piece p : s.finish()) {
            got.append(p.content());
        }
        assertEquals(answer, got.toString());
        assertEquals("{\"an".length() - 1, releasedAt, "released once the first key cannot be a call's key");
        assertEquals(0, s.calls());
        // other early signs: a name that is no string, an object with no key, a known key but no name at the end
        for (String text : List.of("{\"name\": 5, \"x\": 1}", "{ 1 }", "{}", "{\"type\": \"note\", \"text\": \"a\"}",
                "{\"parameters\": {\"x\": 1}} is what I would send")) {
            check(ToolFormat.LLAMA3, Set.of(), text, text, List.of());
        }
        String lead = "  {\"name\": \"get_price\", \"parameters\": {\"symbol\": \"ETH\"}}";
        check(ToolFormat.LLAMA3, Set.of(), lead, null, List.of(new ToolCall("x", "get_price", "{\"symbol\":\"ETH\"}")));
    }

    @Test
    void plainAnswersWithToolsOfferedKeepEveryCharacter() throws Exception {
        for (ToolFormatTest.Family f : ToolFormatTest.FAMILIES) {
            for (String text : List.of("  The price is 42.\n\n", "\n", "a < b and [c] or <｜x", "<tool_call", "[TOOL")) {
                check(f.format(), Set.of(), text, text, List.of());
                assertNotNull(ToolCalls.parse(f.format(), text).content());
            }
        }
    }

    @Test
    void forcedCallBudgetRefusesATooSmallMaxTokensAndGrowsTheDefault() {
        ChatRequest explicit = request(20, "required");
        ApiError e = org.junit.jupiter.api.Assertions.assertThrows(ApiError.class,
                () -> LlmService.forcedCallBudget(explicit, 50, 20, 1000));
        assertEquals(400, e.status());
        assertEquals("max_tokens", e.param());
        assertTrue(e.getMessage().contains("at least 50"), e.getMessage());
        assertEquals(50, LlmService.forcedCallBudget(request(0, "required"), 50, 20, 1000));
        assertEquals(60, LlmService.forcedCallBudget(explicit, 50, 60, 1000));
        ApiError ctx = org.junit.jupiter.api.Assertions.assertThrows(ApiError.class,
                () -> LlmService.forcedCallBudget(request(0, "function:get_price"), 50, 20, 20));
        assertEquals("context_length_exceeded", ctx.code());
    }

    @Test
    void aForcedCallAlwaysFitsInItsSteeredLength() throws Exception {
        com.networknt.schema.JsonSchema schema = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012).getSchema(
                RequestParser.JSON.valueToTree(ToolFormatTest.PARAMS));
        io.consilium.llm.grammar.GrammarTestAccess vocab = io.consilium.llm.grammar.GrammarTestAccess.llamaSpm();
        for (ToolFormat format : ToolFormat.values()) {
            for (String only : new String[] {null, "get_price"}) {
                String gbnf = ToolCalls.grammar(format, ToolFormatTest.TOOLS, only);
                int n = LlmService.steeredLength(vocab.masker(gbnf), vocab.tokenizer());
                int chars = new io.consilium.llm.grammar.GrammarConstraint(vocab.masker(gbnf)).minTokens();
                assertTrue(n > 0 && n <= 4 * chars, format + ": " + n + " tokens for " + chars + " characters");
                // random model choices under a max_tokens of exactly n: the call is always complete and valid
                for (int seed = 0; seed < 12; seed++) {
                    String text;
                    try {
                        text = vocab.generate(gbnf, seed, n);
                    } catch (AssertionError e) {
                        throw new AssertionError(format + " only=" + only + " seed " + seed + ", steered " + n
                                + " tokens, " + chars + " characters: " + e.getMessage(), e);
                    }
                    ToolCalls.Parsed parsed = ToolCalls.parse(format, text);
                    assertEquals(1, parsed.calls().size(), format + " in " + n + " tokens: " + text);
                    ToolCall c = parsed.calls().get(0);
                    if (c.name().equals("get_price")) {
                        assertTrue(schema.validate(RequestParser.JSON.readTree(c.arguments())).isEmpty(), text);
                    } else {
                        assertEquals(null, only, text);
                        assertEquals("noop", c.name(), text);
                    }
                }
            }
        }
    }

    static ChatRequest request(int maxTokens, String toolChoice) {
        JsonNode body = RequestParser.JSON.valueToTree(Map.of("model", "m", "messages",
                List.of(Map.of("role", "user", "content", "hi")), "tools", List.of(Map.of("type", "function",
                        "function", Map.of("name", "get_price", "parameters", ToolFormatTest.PARAMS))),
                "tool_choice", toolChoice.equals("required") ? "required" : Map.of("type", "function", "function",
                        Map.of("name", toolChoice.substring(9)))));
        if (maxTokens > 0) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("max_tokens", maxTokens);
        }
        return RequestParser.chat(body);
    }

    static List<ToolSpec> tools() {
        return ToolFormatTest.TOOLS;
    }
}
