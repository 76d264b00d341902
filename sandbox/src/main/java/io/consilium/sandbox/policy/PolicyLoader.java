package io.consilium.sandbox.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.SandboxUserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a policy YAML into validated records; every error names the file, line and key. */
public final class PolicyLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private PolicyLoader() {}

    /** Loads and compiles; {@code addressBook} supplies run-time names (e.g. the testbed's contracts and pools). */
    public static Policy load(Path file, Map<String, Address> addressBook) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SandboxUserError("policy file " + file + " does not exist (see config/policies/default.yaml for an example)");
        } catch (IOException e) {
            throw new SandboxUserError("cannot read policy file " + file + ": " + e.getMessage());
        }
        return Policy.compile(parse(text, file.toString()), addressBook, file.toString());
    }

    public static PolicyConfig parse(String yaml, String source) {
        try {
            PolicyConfig c = YAML.readValue(yaml, PolicyConfig.class);
            if (c == null) {
                throw new SandboxUserError(source + ": the policy is empty");
            }
            return c;
        } catch (JsonMappingException e) {
            throw new SandboxUserError(source + where(yaml, e) + ": key '" + path(e) + "': "
                    + e.getOriginalMessage().split("\n")[0].replaceAll(" \\(class [^)]*\\)", "")
                    + " (fix the key or its value; see config/policies/default.yaml)");
        } catch (JsonProcessingException e) {
            throw new SandboxUserError(source + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
        }
    }

    /** Jackson reports where it stopped reading (often past the offending key): walk back to the key's own line. */
    private static String where(String yaml, JsonMappingException e) {
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 0 || e.getPath().isEmpty()) {
            return where(loc);
        }
        String key = e.getPath().getLast().getFieldName();
        String[] lines = yaml.split("\n", -1);
        if (key != null) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile("^\\s*(-\\s*)?\"?" + java.util.regex.Pattern.quote(key) + "\"?\\s*:.*");
            for (int i = Math.min(loc.getLineNr(), lines.length) - 1; i >= 0; i--) {
                if (p.matcher(lines[i]).matches() || lines[i].contains("{" + key + ":") || lines[i].contains(" " + key + ":")) {
                    return " line " + (i + 1);
                }
            }
        }
        return where(loc);
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " line " + loc.getLineNr();
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "(top level)" : p;
    }
}
