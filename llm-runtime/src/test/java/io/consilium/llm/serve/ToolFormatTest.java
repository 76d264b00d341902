package io.consilium.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.consilium.llm.chat.ChatMessage;
import io.consilium.llm.chat.ChatTemplate;
import io.consilium.llm.chat.ToolCall;
import io.consilium.llm.chat.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Each model family's tool-call format, read back from what its real chat template renders (test resources):
 * the format is recognised from the template, the rendered calls parse back to the same names and arguments,
 * streamed in small pieces they come out as a header delta then argument deltas that add up to the arguments, and
 * a forced call (tool_choice) is a grammar in the family's own format.
 */
class ToolFormatTest {
    record Family(String file, String bos, String eos, ToolFormat format, String assistantStart, List<String> ends) {
    }

    static final List<Family> FAMILIES = List.of(
            new Family("Qwen-Qwen2.5-7B-Instruct.jinja", "", "<|im_end|>", ToolFormat.HERMES,
                    "<|im_start|>assistant\n", List.of("<|im_end|>\n", "<|im_end|>")),
            new Family("meta-llama-Llama-3.1-8B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>", ToolFormat.LLAMA3,
                    "<|start_header_id|>assistant<|end_header_id|>\n\n", List.of("<|eom_id|>", "<|eot_id|>")),
            new Family("mistralai-Mistral-Nemo-Instruct-2407.jinja", "<s>", "</s>", ToolFormat.MISTRAL, "[/INST]",
                    List.of("</s>")),
            new Family("mistralai-Mistral-Small-3.2-24B-Instruct-2506.jinja", "<s>", "</s>", ToolFormat.MISTRAL11,
                    "[/INST]", List.of("</s>")),
            new Family("mistralai-Ministral-3-14B-Reasoning-2512.jinja", "<s>", "</s>", ToolFormat.MISTRAL11,
                    "[/INST]", List.of("</s>")),
            new Family("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", "<｜begin▁of▁sentence｜>",
                    "<｜end▁of▁sentence｜>", ToolFormat.DEEPSEEK, "<｜Assistant｜>",
                    List.of("<｜end▁of▁sentence｜>")),
            new Family("meta-llama-Llama-3.2-3B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>", ToolFormat.LLAMA3,
                    "<|start_header_id|>assistant<|end_header_id|>\n\n", List.of("<|eom_id|>", "<|eot_id|>")));

    static final Map<String, Object> PARAMS = Map.of("type", "object", "properties", Map.of(
            "symbol", Map.of("enum", List.of("ETH", "USDC")),
            "block", Map.of("type", "integer", "minimum", 0, "maximum", 99999)), "required", List.of("symbol", "block"));
    static final List<ToolSpec> TOOLS = List.of(new ToolSpec("get_price", "price of a token", PARAMS),
            new ToolSpec("noop", null, null));

    static String resource(String name) {
        try (InputStream in = ToolFormatTest.class.getResourceAsStream("/chat-templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource chat-templates/" + name, e);
        }
    }

    /** What the template renders for an assistant turn that makes {@code call}, cut down to that turn. */
    static String renderedCall(Family f, ToolCall call) {
        ChatTemplate t = ChatTemplate.of(resource(f.file()), f.bos(), f.eos());
        List<ChatMessage> conv = List.of(ChatMessage.system("be brief"), ChatMessage.user("price of ETH?"),
                ChatMessage.assistantCalls(List.of(call)));
        String text = t.render(conv, false, f.format() == ToolFormat.DEEPSEEK ? null : TOOLS, null);
        String turn = text.substring(text.lastIndexOf(f.assistantStart()) + f.assistantStart().length());
        for (String end : f.ends()) {
            if (turn.endsWith(end)) {
                turn = turn.substring(0, turn.length() - end.length());
            }
        }
        return turn;
    }

    @Test
    void eachTemplateIsRecognisedAndItsRenderedCallsParseBack() throws Exception {
        for (Family f : FAMILIES) {
            assertEquals(f.format(), ToolFormat.of(resource(f.file())), f.file());
            ToolCall call = new ToolCall(ToolCalls.newId(f.format()), "get_price", "{\"symbol\":\"ETH\",\"block\":42}");
            String turn = renderedCall(f, call);
            ToolCalls.Parsed parsed = ToolCalls.parse(f.format(), turn);
            assertEquals(1, parsed.calls().size(), f.file() + ": " + turn);
            assertEquals("get_price", parsed.calls().get(0).name());
            assertEquals(RequestParser.JSON.readTree(call.arguments()),
                    RequestParser.JSON.readTree(parsed.calls().get(0).arguments()), f.file() + ": " + turn);
            assertNull(parsed.content(), f.file() + ": " + turn);
        }
    }

    @Test
    void streamedInPiecesTheCallsComeAsHeaderThenArgumentDeltas() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        for (Family f : FAMILIES) {
            ToolCall call = new ToolCall(ToolCalls.newId(f.format()), "get_price",
                    "{\"symbol\": \"USDC\", \"block\": 7, \"note\": \"a \\\"quoted\\\" } brace\"}");
            String turn = renderedCall(f, call);
            for (int round = 0; round < 5; round++) {
                ToolStream s = new ToolStream(true, f.format());
                List<ToolStream.Piece> pieces = new ArrayList<>();
                for (int i = 0; i < turn.length(); ) {
                    int n = 1 + r.nextInt(6);
                    pieces.addAll(s.push(turn.substring(i, Math.min(turn.length(), i + n))));
                    i += n;
                }
                pieces.addAll(s.finish());
                String name = null;
                StringBuilder args = new StringBuilder();
                int headers = 0;
                int argPieces = 0;
                for (ToolStream.Piece p : pieces) {
                    assertNull(p.content(), f.file() + " content piece: " + p);
                    assertEquals(0, p.index());
                    if (p.name() != null) {
                        headers++;
                        name = p.name();
                        assertNotNull(p.id());
                        assertEquals(0, args.length(), "the header comes before any arguments");
                    } else {
                        args.append(p.args());
                        argPieces++;
                    }
                }
                assertEquals(1, headers, f.file());
                assertEquals("get_price", name);
                assertTrue(argPieces > 1, f.file() + ": arguments arrive in pieces");
                assertEquals(RequestParser.JSON.readTree(call.arguments()), RequestParser.JSON.readTree(args.toString()),
                        f.file());
            }
        }
    }

    @Test
    void plainAnswersStreamAsContent() {
        for (Family f : FAMILIES) {
            ToolStream s = new ToolStream(true, f.format());
            StringBuilder text = new StringBuilder();
            for (String piece : List.of("The", " price", " is", " 42.")) {
                s.push(piece).forEach(p -> text.append(p.content()));
            }
            s.finish().forEach(p -> text.append(p.content()));
            assertEquals("The price is 42.", text.toString(), f.file());
            assertEquals(0, s.calls());
        }
    }

    @Test
    void forcedCallsAreGrammarsInEachFormat() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(RequestParser.JSON.valueToTree(PARAMS));
        io.consilium.llm.grammar.GrammarTestAccess vocab = io.consilium.llm.grammar.GrammarTestAccess.llamaSpm();
        for (Family f : FAMILIES) {
            for (String only : new String[] {null, "get_price"}) {
                String gbnf = ToolCalls.grammar(f.format(), TOOLS, only);
                for (int seed = 0; seed < 3; seed++) {
                    String text = vocab.generate(gbnf, seed, 400);
                    ToolCalls.Parsed parsed = ToolCalls.parse(f.format(), text);
                    assertEquals(1, parsed.calls().size(), f.file() + ": " + text);
                    ToolCall c = parsed.calls().get(0);
                    if (only != null || c.name().equals("get_price")) {
                        assertEquals("get_price", c.name(), text);
                        JsonNode args = RequestParser.JSON.readTree(c.arguments());
                        assertTrue(schema.validate(args).isEmpty(), text);
                    } else {
                        assertEquals("noop", c.name(), text);
                    }
                }
            }
        }
    }

    @Test
    void mistralGetsNineCharacterIdsForEarlierCallsAndResults() {
        Family f = FAMILIES.get(2);
        ChatTemplate t = ChatTemplate.of(resource(f.file()), f.bos(), f.eos());
        List<ChatMessage> conv = ToolCalls.mistralIds(List.of(ChatMessage.user("price of ETH?"),
                ChatMessage.assistantCalls(List.of(new ToolCall("call_0123456789abcdef", "get_price", "{\"symbol\":\"ETH\"}"))),
                ChatMessage.tool("call_0123456789abcdef", "{\"price\": 3000}"), ChatMessage.assistant("3000 USDC."),
                ChatMessage.user("and BTC?")));
        String text = t.render(conv, true, TOOLS, null);
        String id = ToolCalls.nineChars("call_0123456789abcdef");
        assertEquals(9, id.length());
        assertTrue(text.contains("\"id\": \"" + id + "\"") && text.contains("\"call_id\": \"" + id + "\""), text);
    }

    @Test
    void deepSeekR1GetsTheToolListInItsSystemPromptAndEarlierCallsNatively() {
        Family f = FAMILIES.get(5);
        String source = resource(f.file());
        assertTrue(!ToolCalls.templateHandlesTools(source) && ToolCalls.templateHandlesCalls(source));
        ChatTemplate t = ChatTemplate.of(source, f.bos(), f.eos());
        List<ChatMessage> conv = ToolCalls.inline(ToolFormat.DEEPSEEK, List.of(ChatMessage.system("be brief"),
                ChatMessage.user("price of ETH?"), ChatMessage.assistantCalls(List.of(new ToolCall("call_1", "get_price",
                        "{\"symbol\":\"ETH\",\"block\":1}"))), ChatMessage.tool("call_1", "3000"),
                ChatMessage.user("and USDC?")), TOOLS, true, true);
        String text = t.render(conv, true, null, null);
        assertTrue(text.contains("\"name\":\"get_price\"") && text.contains(ToolFormat.DS_SEP + "<function name>"), text);
        assertTrue(text.contains(ToolFormat.DS_SEP + "get_price\n```json\n{\"symbol\":\"ETH\",\"block\":1}\n```"), text);
        assertTrue(text.contains("<｜tool▁output▁begin｜>3000"), text);
    }
}
