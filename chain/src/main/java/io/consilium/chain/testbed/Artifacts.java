package io.consilium.chain.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creation bytecode of the contracts the testbed deploys: Uniswap/WETH artifacts as shipped in the
 * pinned npm packages, and the project's own contracts compiled from chain/src/main/solidity into
 * this package's resources (see compile.mjs there).
 */
final class Artifacts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path modules;

    Artifacts(Path home) {
        this.modules = home.resolve("npm").resolve("node_modules");
    }

    /** Bytecode from an npm artifact path relative to node_modules. */
    byte[] npm(String relative) {
        return bytecode(read(relative), relative);
    }

    /** Bytecode with library placeholders replaced by the deployed library addresses (Hardhat linkReferences). */
    byte[] npmLinked(String relative, Map<String, Address> libraries) {
        JsonNode a = read(relative);
        byte[] code = bytecode(a, relative);
        for (JsonNode file : a.path("linkReferences")) {
            var names = file.fieldNames();
            while (names.hasNext()) {
                String lib = names.next();
                Address at = libraries.get(lib);
                if (at == null) {
                    throw new IllegalStateException(relative + " needs library " + lib);
                }
                byte[] addr = Hex.bytes(at.hex());
                for (JsonNode ref : file.get(lib)) {
                    System.arraycopy(addr, 0, code, ref.get("start").asInt(), 20);
                }
            }
        }
        return code;
    }

    /** One of the project's own contracts (TestToken, Multicall3). */
    static byte[] own(String name) {
        String res = "contracts/" + name + ".json";
        try (InputStream in = Artifacts.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + res + " (run node chain/src/main/solidity/compile.mjs)");
            }
            return Hex.bytes(JSON.readTree(in).get("bytecode").asText());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + res, e);
        }
    }

    private JsonNode read(String relative) {
        Path p = modules.resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new ChainUserError("contract artifact " + p + " is missing: run ./consilium once or (cd npm && npm ci)");
        }
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ChainUserError("cannot read contract artifact " + p + ": " + e.getMessage()
                    + " — reinstall with (cd npm && npm ci)", e);
        }
    }

    private static byte[] bytecode(JsonNode a, String name) {
        String hex = a.path("bytecode").asText("");
        if (hex.isEmpty() || hex.equals("0x")) {
            hex = a.path("evm").path("bytecode").path("object").asText("");
        }
        if (hex.isEmpty()) {
            throw new IllegalStateException("no bytecode in " + name);
        }
        // unlinked placeholders would otherwise parse as garbage; linking overwrites them
        return Hex.bytes(hex.replaceAll("__\\$[0-9a-fA-F]{34}\\$__", "0".repeat(40)));
    }
}
