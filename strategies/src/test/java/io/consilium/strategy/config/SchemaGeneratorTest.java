package io.consilium.strategy.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.consilium.strategy.TestFiles;
import io.consilium.strategy.report.Reports;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The generated JSON Schema accepts every example and rejects what the binder rejects. */
class SchemaGeneratorTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static JsonSchema schema() throws Exception {
        JsonNode s = new ObjectMapper().readTree(Reports.toJson(SchemaGenerator.schema()));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(s);
    }

    @Test
    void examplesAreValidAgainstTheSchema() throws Exception {
        JsonSchema schema = schema();
        for (String n : Stream.of("dca", "eth-usdc-rebalance", "grid", "momentum", "mean-reversion", "arbitrage",
                "lp-range", "opportunity", "llm-eth-usdc", "daemon-eth-usdc-rebalance", "daemon-weth-momentum").toList()) {
            JsonNode doc = YAML.readTree(Files.readString(TestFiles.examples().resolve(n + ".yaml")));
            Set<ValidationMessage> errors = schema.validate(doc);
            assertTrue(errors.isEmpty(), n + ": " + errors);
        }
    }

    @Test
    void schemaRejectsUnknownKeysAndOutOfRangeValues() throws Exception {
        JsonSchema schema = schema();
        String good = Files.readString(TestFiles.examples().resolve("grid.yaml"));
        assertFalse(schema.validate(YAML.readTree(good.replace("levels: 12", "levles: 12"))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(good.replace("levels: 12", "levels: 1"))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(good.replace("type: grid", "type: gird"))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(good.replace("feeBps: 30", "feeBps: 0"))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(good + "maxBuy: \"5\"\n")).isEmpty(), "llm keys only with type llm");
        String llm = Files.readString(TestFiles.examples().resolve("llm-eth-usdc.yaml"));
        assertFalse(schema.validate(YAML.readTree(llm + "assets: {}\n")).isEmpty(), "built-in keys not with type llm");
        assertFalse(schema.validate(YAML.readTree(llm.replace("maxTokens: 48", "maxTokens: 4"))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(llm.replace("maxSell: \"0.15\"", "maxSell: \"lots\""))).isEmpty());
        assertFalse(schema.validate(YAML.readTree(llm.replace("timeoutMillis: 4000", ""))).isEmpty());
    }
}
