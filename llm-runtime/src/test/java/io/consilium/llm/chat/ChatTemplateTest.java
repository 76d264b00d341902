package io.consilium.llm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.LlmUserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real chat templates (test resources, see chat-templates/SOURCE.md) render a
 * system + user + assistant + user conversation to the exact string the template text implies
 * (and, where llama.cpp's tests/test-chat-template.cpp has one, to its reference output).
 */
class ChatTemplateTest {
    static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are a helpful assistant"),
            ChatMessage.user("Hello"),
            ChatMessage.assistant("Hi there"),
            ChatMessage.user("Who are you"));

    static String resource(String name) {
        try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("missing test resource chat-templates/" + name, e);
        }
    }

    static String render(String file, String bos, String eos) {
        return ChatTemplate.of(resource(file), bos, eos).render(CONVERSATION, true, null, null);
    }

    static final String CHATML_CONVERSATION = "<|im_start|>system\nYou are a helpful assistant<|im_end|>\n"
            + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n"
            + "<|im_start|>user\nWho are you<|im_end|>\n<|im_start|>assistant\n";

    @Test
    void qwen25() {
        assertEquals(CHATML_CONVERSATION, render("Qwen-Qwen2.5-7B-Instruct.jinja", "", "<|im_end|>"));
    }

    @Test
    void qwen3WithAndWithoutThinking() {
        ChatTemplate t = ChatTemplate.of(resource("Qwen-Qwen3-0.6B.jinja"), "", "<|im_end|>");
        assertEquals(CHATML_CONVERSATION, t.render(CONVERSATION, true, null, null));
        assertEquals(CHATML_CONVERSATION + "<think>\n\n</think>\n\n",
                t.render(CONVERSATION, true, null, Map.of("enable_thinking", false)));
    }

    @Test
    void qwen3SplitsReasoningOutOfTheLastAssistantTurn() {
        ChatTemplate t = ChatTemplate.of(resource("Qwen-Qwen3-0.6B.jinja"), "", "<|im_end|>");
        List<ChatMessage> msgs = List.of(ChatMessage.user("2+2?"),
                ChatMessage.assistant("<think>\nadd them\n</think>\n\n4"));
        assertEquals("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\nadd them\n</think>\n\n4<|im_end|>\n",
                t.render(msgs, false, null, null));
    }

    @Test
    void deepSeekR1AndV3() {
        assertEquals("<｜begin▁of▁sentence｜>You are a helpful assistant<｜User｜>Hello<｜Assistant｜>Hi there<｜end▁of▁sentence｜>"
                        + "<｜User｜>Who are you<｜Assistant｜><think>\n",
                render("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"));
    }

    @Test
    void deepSeekV2() {
        assertEquals("<｜begin▁of▁sentence｜>You are a helpful assistant\n\nUser: Hello\n\nAssistant: Hi there<｜end▁of▁sentence｜>"
                        + "User: Who are you\n\nAssistant:",
                render("deepseek-ai-DeepSeek-V2.jinja", "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"));
    }

    @Test
    void llama31() {
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                        + "Today Date: 26 Jul 2024\n\nYou are a helpful assistant<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nWho are you<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                render("meta-llama-Llama-3.1-8B-Instruct.jinja", "<|begin_of_text|>", "<|eot_id|>"));
    }

    @Test
    void mistralV1AsUsedByMixtral() {
        assertEquals("<s> [INST] You are a helpful assistant\n\nHello [/INST] Hi there</s> [INST] Who are you [/INST]",
                render("mistralai-Mistral-7B-Instruct-v0.2.jinja", "<s>", "</s>"));
    }

    @Test
    void mistralNemoPutsTheSystemPromptIntoTheLastUserTurn() {
        assertEquals("<s>[INST]Hello[/INST]Hi there</s>[INST]You are a helpful assistant\n\nWho are you[/INST]",
                render("mistralai-Mistral-Nemo-Instruct-2407.jinja", "<s>", "</s>"));
    }

    @Test
    void chatMlFallback() {
        assertEquals(CHATML_CONVERSATION, ChatTemplate.chatml().render(CONVERSATION, true, null, null));
    }

    @Test
    void raiseExceptionBecomesAUserError() {
        List<ChatMessage> twoUsers = List.of(ChatMessage.user("a"), ChatMessage.user("b"));
        LlmUserError e = assertThrows(LlmUserError.class,
                () -> ChatTemplate.of(resource("mistralai-Mistral-7B-Instruct-v0.2.jinja"), "<s>", "</s>")
                        .render(twoUsers, true, null, null));
        assertTrue(e.getMessage().contains("roles must alternate"), e.getMessage());
    }

    @Test
    void llama31ToolCallAndToolResult() {
        List<ChatMessage> msgs = List.of(ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistantCalls(List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))),
                ChatMessage.tool("call_1", "21 C"));
        String out = ChatTemplate.of(resource("meta-llama-Llama-3.1-8B-Instruct.jinja"), "<|begin_of_text|>", "<|eot_id|>")
                .render(msgs, true, null, Map.of("date_string", "01 Jan 2026"));
        // the date given by the caller wins over the template's default; a string tool result is JSON-encoded
        // because Python strings are iterable
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                + "Today Date: 01 Jan 2026\n\n<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWeather in Paris?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}<|eot_id|>"
                + "<|start_header_id|>ipython<|end_header_id|>\n\n\"21 C\"<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", out);
    }

    @Test
    void qwenToolsAndToolCalls() {
        ToolSpec weather = new ToolSpec("get_weather", "Weather of a city",
                Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")));
        List<ChatMessage> msgs = List.of(ChatMessage.user("Weather in Paris?"),
                ChatMessage.assistantCalls(List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}"))),
                ChatMessage.tool("call_1", "{\"temp\": 21}"));
        String out = ChatTemplate.of(resource("Qwen-Qwen2.5-7B-Instruct.jinja"), "", "<|im_end|>").render(msgs, true, List.of(weather), null);
        String toolJson = "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Weather of a city\", "
                + "\"parameters\": " + PyJson.dumps(weather.parameters(), null) + "}}";
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.\n\n# Tools\n\n"
                + "You may call one or more functions to assist with the user query.\n\n"
                + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n" + toolJson
                + "\n</tools>\n\nFor each function call, return a json object with function name and arguments within "
                + "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
                + "</tool_call><|im_end|>\n"
                + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n{\"temp\": 21}\n</tool_response><|im_end|>\n"
                + "<|im_start|>assistant\n", out);
    }
}
