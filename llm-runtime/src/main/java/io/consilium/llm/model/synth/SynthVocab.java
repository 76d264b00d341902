package io.consilium.llm.model.synth;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufMetadata;
import io.consilium.llm.gguf.GgufWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;

/**
 * The vocab of synthetic models: llama.cpp's llama-spm vocab (32,000 SentencePiece tokens), carried as a gzipped
 * vocab-only GGUF resource (see SOURCE.txt beside it; llama.cpp, MIT).
 */
public final class SynthVocab {
    public static final int SIZE = 32000;
    static final String RESOURCE = "llama-spm-vocab.gguf.gz";

    private SynthVocab() {
    }

    /** Copies every {@code tokenizer.*} key of the carried vocab into {@code w}. */
    static void copyInto(GgufWriter w) {
        Path tmp = null;
        try (InputStream in = SynthVocab.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            tmp = Files.createTempFile("consilium-vocab", ".gguf");
            Files.copy(new GZIPInputStream(in), tmp, StandardCopyOption.REPLACE_EXISTING);
            try (GgufFile f = GgufFile.open(tmp)) {
                GgufMetadata md = f.metadata();
                for (String k : md.keys()) {
                    if (k.startsWith("tokenizer.")) {
                        w.put(k, md.type(k).orElseThrow(), md.get(k).orElseThrow());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synthetic vocab", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
