package io.consilium.llm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.tokenizer.Tokenizer;
import io.consilium.llm.tokenizer.Tokenizers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium llm tokenize`: the token ids of a text with a model's own tokenizer. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = {"Print the token ids of a text, space-separated, with the model's tokenizer.",
                "Works on vocab-only GGUF files (no tensors). Adds no BOS/EOS unless --add-special."})
public final class TokenizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.gguf", description = "GGUF file with tokenizer metadata")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "TEXT", description = "the text to tokenize")
        String text;

        @Option(names = "--file", paramLabel = "F", description = "a UTF-8 file whose whole content is tokenized")
        Path file;

        @Option(names = "--jsonl", paramLabel = "F", description = "one JSON string per line; prints one line of ids per input line")
        Path jsonl;
    }

    @Option(names = "--add-special", description = "add BOS/EOS as the model's add_bos/add_eos flags say")
    boolean addSpecial;

    @Option(names = "--parse-special", description = "recognise control-token text such as <|im_start|> in the input")
    boolean parseSpecial;

    @Override
    public Integer call() {
        Tokenizer tok;
        try (GgufFile f = GgufFile.open(model)) {
            tok = Tokenizers.fromGguf(f);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (input.text != null) {
            out.println(ids(tok.encode(input.text, addSpecial, parseSpecial)));
        } else if (input.file != null) {
            out.println(ids(tok.encode(readUtf8(input.file), addSpecial, parseSpecial)));
        } else {
            tokenizeJsonLines(tok, input.jsonl, out);
        }
        out.flush();
        return 0;
    }

    private void tokenizeJsonLines(Tokenizer tok, Path file, PrintWriter out) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                out.println(ids(tok.encode(jsonString(file, n, line), addSpecial, parseSpecial)));
            }
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (CharacterCodingException e) {
            throw new LlmUserError(file + ": is not valid UTF-8 text");
        } catch (IOException e) {
            throw new LlmUserError(file + ": cannot be read: " + e.getMessage());
        }
    }

    static String jsonString(Path file, int lineNo, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new LlmUserError(file + " line " + lineNo + ": not valid JSON (" + e.getOriginalMessage()
                    + "); each line must be one JSON string such as \"Hello\"");
        }
        if (node == null || !node.isTextual()) {
            String got = node == null || node.isMissingNode() ? "an empty line" : "a JSON " + node.getNodeType().name().toLowerCase();
            throw new LlmUserError(file + " line " + lineNo + ": expected a JSON string, got " + got);
        }
        return node.textValue();
    }

    static String readUtf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (CharacterCodingException e) {
            throw new LlmUserError(file + ": is not valid UTF-8 text");
        } catch (IOException e) {
            throw new LlmUserError(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static LlmUserError missing(Path file) {
        return new LlmUserError(file + ": file does not exist; check the path");
    }

    static String ids(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length * 6);
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(ids[i]);
        }
        return sb.toString();
    }
}
