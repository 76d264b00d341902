package io.consilium.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server driven by LangChain4j's OpenAI module, a client nobody here wrote. */
class LangChain4jIT {
    @TempDir
    static Path dir;
    static ServeFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServeFixture(dir, 4, 1 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private static OpenAiChatModel model(int maxTokens) {
        return OpenAiChatModel.builder().baseUrl(f.base + "/v1").apiKey(ServeFixture.KEY)
                .modelName("qwen2moe-test.gguf").temperature(0.7).seed(42).maxTokens(maxTokens)
                .timeout(Duration.ofSeconds(120)).build();
    }

    @Test
    void plainChat() {
        ChatResponse r = model(16).chat(ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."), UserMessage.from("Hello there")).build());
        assertNotNull(r.aiMessage().text());
        assertTrue(r.tokenUsage().inputTokenCount() > 0);
        assertTrue(r.tokenUsage().outputTokenCount() > 0);
        assertEquals(r.aiMessage().text(), model(16).chat(ChatRequest.builder()
                .messages(SystemMessage.from("Be brief."), UserMessage.from("Hello there")).build()).aiMessage().text(),
                "same seed, same answer");
    }

    @Test
    void streamingChatMatchesTheWholeAnswer() throws Exception {
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(f.base + "/v1")
                .apiKey(ServeFixture.KEY).modelName("qwen2moe-test.gguf").temperature(0.7).seed(42).maxTokens(16)
                .timeout(Duration.ofSeconds(120)).build();
        StringBuilder parts = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat("Hello there", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                parts.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse full = done.get(120, TimeUnit.SECONDS);
        assertEquals(full.aiMessage().text(), parts.toString());
        assertEquals(model(16).chat("Hello there"), parts.toString());
    }

    @Test
    void jsonSchemaResponsesValidate() throws Exception {
        JsonObjectSchema root = JsonObjectSchema.builder()
                .addEnumProperty("action", java.util.List.of("buy", "sell", "hold"))
                .addIntegerProperty("amount").addStringProperty("reason").addBooleanProperty("urgent")
                .required("action", "amount", "reason", "urgent").additionalProperties(false).build();
        ResponseFormat format = ResponseFormat.builder().type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder().name("decision").rootElement(root).build()).build();
        String schemaJson = "{\"type\":\"object\",\"properties\":{\"action\":{\"enum\":[\"buy\",\"sell\",\"hold\"]},"
                + "\"amount\":{\"type\":\"integer\"},\"reason\":{\"type\":\"string\"},\"urgent\":{\"type\":\"boolean\"}},"
                + "\"required\":[\"action\",\"amount\",\"reason\",\"urgent\"],\"additionalProperties\":false}";
        var validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
        for (int i = 0; i < 3; i++) {
            ChatResponse r = model(120).chat(ChatRequest.builder().messages(UserMessage.from("Decide " + i))
                    .responseFormat(format).build());
            JsonNode answer = ServeFixture.JSON.readTree(r.aiMessage().text());
            assertTrue(validator.validate(answer).isEmpty(), r.aiMessage().text());
        }
    }

    @Test
    void requiredToolCall() throws Exception {
        ToolSpecification price = ToolSpecification.builder().name("get_price").description("token price")
                .parameters(JsonObjectSchema.builder().addEnumProperty("symbol", java.util.List.of("ETH", "BTC"))
                        .required("symbol").build()).build();
        ChatResponse r = model(60).chat(ChatRequest.builder().messages(UserMessage.from("What does ETH cost?"))
                .toolSpecifications(price).toolChoice(ToolChoice.REQUIRED).build());
        assertTrue(r.aiMessage().hasToolExecutionRequests(), String.valueOf(r.aiMessage()));
        ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
        assertEquals("get_price", call.name());
        String symbol = ServeFixture.JSON.readTree(call.arguments()).get("symbol").asText();
        assertTrue(symbol.equals("ETH") || symbol.equals("BTC"), call.arguments());
        assertFalse(call.id().isBlank());
    }

    @Test
    void streamedRequiredToolCallIsAssembledFromArgumentDeltas() throws Exception {
        ToolSpecification price = ToolSpecification.builder().name("get_price").description("token price")
                .parameters(JsonObjectSchema.builder().addEnumProperty("symbol", java.util.List.of("ETH", "BTC"))
                        .addIntegerProperty("block").required("symbol", "block").build()).build();
        OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder().baseUrl(f.base + "/v1")
                .apiKey(ServeFixture.KEY).modelName("qwen2moe-test.gguf").temperature(0.7).seed(7).maxTokens(80)
                .timeout(Duration.ofSeconds(120)).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(ChatRequest.builder().messages(UserMessage.from("What does ETH cost?"))
                .toolSpecifications(price).toolChoice(ToolChoice.REQUIRED).build(), new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        done.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });
        ChatResponse r = done.get(120, TimeUnit.SECONDS);
        assertTrue(r.aiMessage().hasToolExecutionRequests(), String.valueOf(r.aiMessage()));
        ToolExecutionRequest call = r.aiMessage().toolExecutionRequests().get(0);
        assertEquals("get_price", call.name());
        JsonNode args = ServeFixture.JSON.readTree(call.arguments());
        assertTrue(java.util.List.of("ETH", "BTC").contains(args.get("symbol").asText()), call.arguments());
        assertTrue(args.get("block").canConvertToLong(), call.arguments());
        assertFalse(call.id().isBlank());
    }
}
