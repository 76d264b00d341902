package io.consilium.llm.model;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.model.deepseek2.Deepseek2Architecture;
import io.consilium.llm.model.gqa.GqaArchitecture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The supported {@code general.architecture} values, each with its factory (explicit, no reflection). */
public final class Architectures {
    private static final Map<String, Supplier<Architecture>> FACTORIES = new LinkedHashMap<>();

    static {
        for (GqaArchitecture a : GqaArchitecture.all()) {
            FACTORIES.put(a.name(), () -> a);
        }
        FACTORIES.put(Deepseek2Architecture.NAME, Deepseek2Architecture::new);
    }

    private Architectures() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    public static Architecture forName(String name, Path file) {
        Supplier<Architecture> f = FACTORIES.get(name);
        if (f == null) {
            throw new LlmUserError("model file " + file + " has general.architecture '" + name
                    + "', which is not supported; supported: " + String.join(", ", FACTORIES.keySet()));
        }
        return f.get();
    }
}
