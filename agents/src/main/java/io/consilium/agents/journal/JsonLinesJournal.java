package io.consilium.agents.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain JSON-lines journal (one object per line, flushed per append, so a killed process loses
 * nothing it acknowledged; a torn last line is skipped on read). Used where Chronicle Queue is not
 * wanted (unit tests) and as the fallback format.
 */
public final class JsonLinesJournal implements EventJournal {
    private final Path file;
    private final ObjectMapper json;
    private final Writer out;
    private long count;

    public JsonLinesJournal(Path dir, ObjectMapper json) {
        this.json = json;
        try {
            Files.createDirectories(dir);
            this.file = dir.resolve("journal.jsonl");
            this.count = Files.exists(file) ? readAll().size() : 0;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal in " + dir, e);
        }
    }

    @Override
    public synchronized void append(String type, Object record) {
        try {
            ObjectNode line = json.createObjectNode();
            line.put("i", count).put("t", System.currentTimeMillis()).put("type", type);
            line.set("body", json.valueToTree(record));
            out.write(json.writeValueAsString(line));
            out.write('\n');
            out.flush();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("journal append failed: " + file, e);
        }
    }

    @Override
    public synchronized List<Entry> readAll() {
        List<Entry> entries = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return entries;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    var node = json.readTree(line);
                    entries.add(new Entry(entries.size(), node.path("t").asLong(), node.path("type").asText(),
                            json.writeValueAsString(node.get("body"))));
                } catch (IOException torn) {
                    break; // a record cut by a crash mid-write was never acknowledged
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
        return entries;
    }

    @Override
    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
