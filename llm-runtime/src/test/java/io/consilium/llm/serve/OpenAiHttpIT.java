package io.consilium.llm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI API over real HTTP with the JDK client. */
class OpenAiHttpIT {
    @TempDir
    static Path dir;
    static ServeFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServeFixture(dir, 8, 64 * 1024);
        f.post("/v1/chat/completions", chat("warm up", 7, 16, "")); // lets the JIT settle before comparisons
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    static String chat(String user, long seed, int max, String extra) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":" + ServeFixture.JSON.getNodeFactory().textNode(user) + "}],"
                + "\"seed\":" + seed + ",\"max_tokens\":" + max + ",\"temperature\":0.9" + extra + "}";
    }

    static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return ServeFixture.JSON.readTree(r.body());
    }

    @Test
    void modelsAndHealth() throws Exception {
        JsonNode models = ok(f.get("/v1/models"));
        assertEquals("qwen2moe-test.gguf", models.get("data").get(0).get("id").asText());
        assertEquals("ok", f.health().get("status").asText());
    }

    @Test
    void plainAndStreamingChatAgree() throws Exception {
        JsonNode plain = ok(f.post("/v1/chat/completions", chat("Say hi", 3, 20, "")));
        JsonNode choice = plain.get("choices").get(0);
        assertEquals("assistant", choice.get("message").get("role").asText());
        String text = choice.get("message").get("content").asText();
        JsonNode usage = plain.get("usage");
        assertTrue(usage.get("prompt_tokens").asInt() > 5);
        assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
                usage.get("total_tokens").asInt());
        assertTrue(List.of("stop", "length").contains(choice.get("finish_reason").asText()));

        List<JsonNode> events = sse(chat("Say hi", 3, 20, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        JsonNode streamUsage = null;
        for (JsonNode e : events) {
            assertEquals("chat.completion.chunk", e.get("object").asText());
            if (e.has("usage")) {
                streamUsage = e.get("usage");
                continue;
            }
            JsonNode c = e.get("choices").get(0);
            streamed.append(c.get("delta").path("content").asText(""));
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertEquals(text, streamed.toString());
        assertEquals(choice.get("finish_reason").asText(), finish);
        assertNotNull(streamUsage);
        assertEquals(usage.get("completion_tokens").asInt(), streamUsage.get("completion_tokens").asInt());
    }

    @Test
    void jsonSchemaAnswersValidate() throws Exception {
        String schema = """
                {"type":"object","properties":{"action":{"enum":["buy","sell","hold"]},
                 "amount":{"type":"integer","minimum":0,"maximum":1000},"note":{"type":"string","maxLength":20},
                 "legs":{"type":"array","items":{"$ref":"#/$defs/leg"},"minItems":1,"maxItems":2}},
                 "required":["action","amount","note","legs"],"additionalProperties":false,
                 "$defs":{"leg":{"type":"object","properties":{"pool":{"type":"string","maxLength":6},
                   "share":{"type":"number"}},"required":["pool"]}}}""";
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
        String format = ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"d\",\"schema\":"
                + schema + "}}";
        for (int seed = 0; seed < 4; seed++) {
            String content = ok(f.post("/v1/chat/completions", chat("Decide", seed, 150, format)))
                    .get("choices").get(0).get("message").get("content").asText();
            assertTrue(validator.validate(ServeFixture.JSON.readTree(content)).isEmpty(), content);
        }
        String yesNo = ok(f.post("/v1/chat/completions", chat("Yes or no?", 2, 30,
                ",\"grammar\":\"root ::= (\\\"yes\\\" | \\\"no\\\") \\\".\\\"\""))).get("choices").get(0)
                .get("message").get("content").asText();
        assertTrue(yesNo.equals("yes.") || yesNo.equals("no."), yesNo);
        assertError(f.post("/v1/chat/completions", chat("x", 1, 5, ",\"grammar\":\"root ::= (\"")), 400, "grammar");
        String obj = ok(f.post("/v1/chat/completions", chat("Any object", 1, 60,
                ",\"response_format\":{\"type\":\"json_object\"}"))).get("choices").get(0).get("message")
                .get("content").asText();
        assertTrue(ServeFixture.JSON.readTree(obj).isObject(), obj);
    }

    static final String TOOLS = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_price\","
            + "\"description\":\"price of a token\",\"parameters\":{\"type\":\"object\",\"properties\":{\"symbol\":"
            + "{\"enum\":[\"ETH\",\"USDC\"]},\"block\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":99}},"
            + "\"required\":[\"symbol\",\"block\"]}}},{\"type\":\"function\",\"function\":{\"name\":\"noop\"}}]";

    @Test
    void forcedToolCallsComeBackAsToolCallsAlsoStreamed() throws Exception {
        JsonNode r = ok(f.post("/v1/chat/completions", chat("Price of ETH?", 5, 80,
                TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_price\"}}")));
        JsonNode choice = r.get("choices").get(0);
        assertEquals("tool_calls", choice.get("finish_reason").asText());
        JsonNode call = choice.get("message").get("tool_calls").get(0);
        assertEquals("get_price", call.get("function").get("name").asText());
        JsonNode args = ServeFixture.JSON.readTree(call.get("function").get("arguments").asText());
        assertTrue(List.of("ETH", "USDC").contains(args.get("symbol").asText()), args.toString());
        assertTrue(call.get("id").asText().startsWith("call_"));

        List<JsonNode> events = sse(chat("Price?", 6, 80, TOOLS + ",\"tool_choice\":\"required\",\"stream\":true"));
        // OpenAI's shape: the first delta of a call has id, type and name; later ones pieces of the arguments
        String name = null;
        String id = null;
        StringBuilder streamed = new StringBuilder();
        int argDeltas = 0;
        String finish = null;
        for (JsonNode e : events) {
            JsonNode c = e.get("choices").get(0);
            if (c.get("delta").has("tool_calls")) {
                JsonNode d = c.get("delta").get("tool_calls").get(0);
                assertEquals(0, d.get("index").asInt(), d.toString());
                if (d.has("id")) {
                    assertEquals(null, id, "one header per call");
                    id = d.get("id").asText();
                    assertEquals("function", d.get("type").asText());
                    name = d.get("function").get("name").asText();
                } else {
                    assertNotNull(id, "arguments come after the header");
                    streamed.append(d.get("function").get("arguments").asText());
                    argDeltas++;
                }
            }
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertNotNull(name, events.toString());
        assertEquals("tool_calls", finish);
        assertTrue(List.of("get_price", "noop").contains(name), name);
        JsonNode parsed = ServeFixture.JSON.readTree(streamed.toString());
        assertTrue(parsed.isObject(), streamed.toString());
        if (name.equals("get_price")) {
            assertTrue(argDeltas > 1, "arguments stream in pieces: " + events);
            assertTrue(List.of("ETH", "USDC").contains(parsed.get("symbol").asText()), streamed.toString());
        }
    }

    @Test
    void textBeforeACallStreamsAsContentThenTheCallFollows() throws Exception {
        // a request grammar makes the synthetic model answer with text and then a Hermes call
        String gbnf = "root ::= \"Checking the price.\\n<tool_call>\\n{\\\"name\\\": \\\"get_price\\\", "
                + "\\\"arguments\\\": {\\\"symbol\\\": \\\"ETH\\\", \\\"block\\\": 7}}\\n</tool_call>\"";
        String extra = TOOLS + ",\"grammar\":" + ServeFixture.JSON.getNodeFactory().textNode(gbnf);
        JsonNode whole = ok(f.post("/v1/chat/completions", chat("Price?", 4, 200, extra)));
        JsonNode msg = whole.get("choices").get(0).get("message");
        assertEquals("Checking the price.", msg.get("content").asText(), whole.toString());
        assertEquals("get_price", msg.get("tool_calls").get(0).get("function").get("name").asText());
        assertEquals("tool_calls", whole.get("choices").get(0).get("finish_reason").asText());

        List<JsonNode> events = sse(chat("Price?", 4, 200, extra + ",\"stream\":true"));
        StringBuilder content = new StringBuilder();
        StringBuilder args = new StringBuilder();
        boolean callSeen = false;
        String name = null;
        for (JsonNode e : events) {
            JsonNode d = e.get("choices").get(0).get("delta");
            if (d.has("content") && !d.get("content").asText().isEmpty()) {
                assertFalse(callSeen, "content comes before the call: " + events);
                content.append(d.get("content").asText());
            }
            if (d.has("tool_calls")) {
                callSeen = true;
                JsonNode c = d.get("tool_calls").get(0);
                if (c.has("id")) {
                    name = c.get("function").get("name").asText();
                    assertEquals("", c.get("function").get("arguments").asText());
                } else {
                    args.append(c.get("function").get("arguments").asText());
                }
            }
        }
        assertEquals("Checking the price.", content.toString(), events.toString());
        assertEquals("get_price", name);
        assertEquals(ServeFixture.JSON.readTree("{\"symbol\":\"ETH\",\"block\":7}"),
                ServeFixture.JSON.readTree(args.toString()));
        assertEquals("tool_calls", events.get(events.size() - 1).get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void unavailableWhileLoadingAndWhileStopping() throws Exception {
        OpenAiServer early = new OpenAiServer(new OpenAiServer.Options("127.0.0.1", 0, ServeFixture.KEY, 64 * 1024, 0));
        String deployment = f.vertx.deployVerticle(early).await(30, TimeUnit.SECONDS);
        try {
            String base = "http://127.0.0.1:" + early.actualPort();
            HttpResponse<String> loading = send(base, "/v1/chat/completions", chat("hi", 1, 4, ""));
            assertError(loading, 503, null);
            assertTrue(loading.body().contains("loading"), loading.body());
            assertEquals(503, send(base, "/health", null).statusCode());
            early.ready(new LlmService(f.batch, "qwen2moe-test.gguf", null));
            assertEquals(200, send(base, "/health", null).statusCode());
            ok(send(base, "/v1/chat/completions", chat("hi", 1, 4, "")));
            early.stopping();
            HttpResponse<String> stopping = send(base, "/v1/chat/completions", chat("hi", 1, 4, ""));
            assertError(stopping, 503, null);
            assertTrue(stopping.body().contains("shutting down"), stopping.body());
        } finally {
            f.vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> send(String base, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + ServeFixture.KEY);
        b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sixteenParallelRequestsEachEqualTheSameRequestAlone() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            bodies.add(chat("question number " + i, 100 + i, 12 + i % 5, ""));
        }
        List<String> alone = new ArrayList<>();
        for (String b : bodies) {
            alone.add(ok(f.post("/v1/chat/completions", b)).get("choices").get(0).get("message").get("content").asText());
        }
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (String b : bodies) {
            futures.add(f.http.sendAsync(HttpRequest.newBuilder(URI.create(f.base + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + ServeFixture.KEY).timeout(Duration.ofSeconds(300))
                    .POST(HttpRequest.BodyPublishers.ofString(b)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 16; i++) {
            JsonNode r = ok(futures.get(i).get(300, TimeUnit.SECONDS));
            assertEquals(alone.get(i), r.get("choices").get(0).get("message").get("content").asText(), "request " + i);
        }
    }

    @Test
    void aClientThatGoesAwayFreesItsSequence() throws Exception {
        long before = f.health().get("completed").asLong();
        HttpRequest req = HttpRequest.newBuilder(URI.create(f.base + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ServeFixture.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(chat("Tell a long story", 9, 400, ",\"stream\":true"))).build();
        HttpResponse<InputStream> resp = f.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            int events = 0;
            String line;
            while (events < 3 && (line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
        } // closing the stream drops the connection
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode h = f.health();
        while ((h.get("running").asInt() > 0 || h.get("completed").asLong() == before) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            h = f.health();
        }
        assertEquals(0, h.get("running").asInt(), h.toString());
        assertTrue(h.get("completed").asLong() > before);
        ok(f.post("/v1/chat/completions", chat("still there?", 1, 4, "")));
    }

    @Test
    void badRequestsGetClearFourHundredsAndTheServerStaysUp() throws Exception {
        assertError(f.post("/v1/chat/completions", "{not json"), 400, null);
        assertError(f.post("/v1/chat/completions", chat("x", 1, 5, ",\"temperature\":\"hot\"")), 400, "temperature");
        assertError(f.post("/v1/chat/completions", "{\"messages\":\"hello\"}"), 400, "messages");
        assertError(f.post("/v1/chat/completions", chat("x", 1, 5, ",\"max_tokens\":-3").replace(",\"max_tokens\":5", "")),
                400, "max_tokens");
        assertError(f.post("/v1/chat/completions", chat("x", 1, 5, ",\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"a\",\"schema\":{\"type\":\"string\",\"pattern\":\"a+\"}}}")), 400,
                "response_format");
        assertError(f.post("/v1/chat/completions", chat("x", 1, 5, ",\"tool_choice\":\"required\"")), 400, "tool_choice");
        // a forced call that cannot fit in max_tokens is refused, naming the budget it needs; that budget suffices
        HttpResponse<String> tight = f.post("/v1/chat/completions", chat("Price?", 3, 4, TOOLS
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_price\"}}"));
        assertError(tight, 400, "max_tokens");
        java.util.regex.Matcher need = java.util.regex.Pattern.compile("at least (\\d+)").matcher(tight.body());
        assertTrue(need.find(), tight.body());
        for (int seed = 1; seed <= 3; seed++) {
            JsonNode r = ok(f.post("/v1/chat/completions", chat("Price?", seed, Integer.parseInt(need.group(1)), TOOLS
                    + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_price\"}}")));
            JsonNode call = r.get("choices").get(0).get("message").get("tool_calls").get(0);
            JsonNode args = ServeFixture.JSON.readTree(call.get("function").get("arguments").asText());
            assertTrue(args.get("block").asInt() >= 1, args.toString());
        }
        assertError(f.post("/v1/chat/completions", chat("word ".repeat(700), 1, 5, "")), 400, "messages");
        assertError(f.post("/v1/chat/completions", chat("y".repeat(70_000), 1, 5, "")), 413, null);
        assertError(f.post("/v1/nothing", "{}"), 404, null);
        assertError(f.get("/v1/chat/completions"), 405, null);
        HttpResponse<String> noKey = f.http.send(HttpRequest.newBuilder(URI.create(f.base + "/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(noKey, 401, null);
        assertEquals("ok", f.health().get("status").asText());
        JsonNode c = ok(f.post("/v1/completions", "{\"prompt\":\"Once upon a time\",\"max_tokens\":6,\"seed\":2}"));
        assertEquals("text_completion", c.get("object").asText());
        assertFalse(c.get("choices").get(0).get("text").isNull());
    }

    @Test
    void aFullServerSaysBusyWith429() throws Exception {
        try (ServeFixture small = new ServeFixture(dir.resolve("small"), 1, 64 * 1024, 0)) {
            CompletableFuture<HttpResponse<String>> first = small.http.sendAsync(HttpRequest.newBuilder(
                            URI.create(small.base + "/v1/chat/completions")).header("Authorization", "Bearer " + ServeFixture.KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(chat("long", 1, 300, ""))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (small.health().get("running").asInt() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            HttpResponse<String> second = small.post("/v1/chat/completions", chat("short", 2, 3, ""));
            assertError(second, 429, null);
            assertTrue(second.body().contains("busy"), second.body());
            ok(first.get(300, TimeUnit.SECONDS));
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String param) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = ServeFixture.JSON.readTree(r.body()).get("error");
        assertNotNull(e, r.body());
        assertFalse(e.get("message").asText().isBlank());
        assertTrue(e.has("type") && e.has("param") && e.has("code"), r.body());
        if (param != null) {
            assertEquals(param, e.get("param").asText(), r.body());
        }
    }

    private static List<JsonNode> sse(String body) throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", body);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        boolean done = false;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("data: ")) {
                String data = line.substring(6);
                if (data.equals("[DONE]")) {
                    done = true;
                } else {
                    events.add(ServeFixture.JSON.readTree(data));
                }
            }
        }
        assertTrue(done, "stream ends with [DONE]");
        return events;
    }
}
