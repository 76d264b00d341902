package io.consilium.sandbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.SandboxUserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads names → addresses for policy resolution from a JSON file: the line `consilium testbed up`
 * prints ({"contracts": {..., "pools": {name: {"address": ...}}}}) or a flat {"name": "0x..."} map.
 */
final class AddressBookFile {
    private AddressBookFile() {}

    static Map<String, Address> read(Path file) {
        Map<String, Address> out = new HashMap<>();
        if (file == null) {
            return out;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new SandboxUserError("address book " + file + " is not readable JSON: " + e.getMessage()
                    + " (save the first line of `consilium testbed up` to a file)");
        }
        JsonNode contracts = root.has("contracts") ? root.get("contracts") : root;
        collect(contracts, out, file);
        return out;
    }

    private static void collect(JsonNode node, Map<String, Address> out, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            try {
                if (v.isTextual()) {
                    out.put(e.getKey(), Address.of(v.asText()));
                } else if (v.isObject() && v.has("address")) {
                    out.put(e.getKey(), Address.of(v.get("address").asText()));
                } else if (v.isObject()) {
                    collect(v, out, file);
                }
            } catch (IllegalArgumentException ex) {
                throw new SandboxUserError("address book " + file + ": '" + e.getKey() + "' is not an address: " + v);
            }
        }
    }
}
