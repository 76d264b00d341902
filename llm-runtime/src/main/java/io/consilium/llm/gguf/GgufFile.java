package io.consilium.llm.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (v2 or v3) memory-mapped read-only: metadata and the tensor table are parsed on open,
 * tensor data stays in the mapping and is handed out as read-only slices. {@link #close()} unmaps,
 * after which slices handed out must no longer be used.
 */
public final class GgufFile implements AutoCloseable {

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapped;
    private final GgufParser.Parsed parsed;
    private final Map<String, GgufTensorInfo> byName;

    private GgufFile(Path path, Arena arena, MemorySegment mapped, GgufParser.Parsed parsed) {
        this.path = path;
        this.arena = arena;
        this.mapped = mapped;
        this.parsed = parsed;
        Map<String, GgufTensorInfo> m = new HashMap<>();
        for (GgufTensorInfo t : parsed.tensors()) {
            m.put(t.name(), t);
        }
        this.byName = m;
    }

    /** Maps and parses the file; any problem (missing, unreadable, corrupt) is a {@link GgufFormatException}. */
    public static GgufFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw GgufFormatException.of(path, "is a directory, not a model file");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            GgufFile f = new GgufFile(path, arena, seg, GgufParser.parse(path, seg));
            arena = null;
            return f;
        } catch (NoSuchFileException e) {
            throw GgufFormatException.of(path, "does not exist; check the --model path");
        } catch (AccessDeniedException e) {
            throw GgufFormatException.of(path, "cannot be read (permission denied)");
        } catch (IOException e) {
            throw new GgufFormatException("GGUF file " + path + ": cannot be read: " + e.getMessage(), e);
        } finally {
            if (arena != null) {
                arena.close();
            }
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return parsed.version();
    }

    public GgufMetadata metadata() {
        return parsed.metadata();
    }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return parsed.tensors();
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = byName.get(name);
        if (t == null) {
            throw new GgufFormatException("model file " + path + " lacks tensor '" + name
                    + "' (wrong architecture, or an incomplete conversion?)");
        }
        return t;
    }

    /** The tensor's bytes: a read-only slice of the mapping, no copy. */
    public MemorySegment data(GgufTensorInfo t) {
        if (byName.get(t.name()) != t && !t.equals(byName.get(t.name()))) {
            throw new IllegalArgumentException("tensor " + t.name() + " does not belong to " + path);
        }
        return mapped.asSlice(parsed.dataStart() + t.offset(), t.byteSize()).asReadOnly();
    }

    /** Byte offset of the data section in the file. */
    public long dataStart() {
        return parsed.dataStart();
    }

    public int alignment() {
        return parsed.alignment();
    }

    public long fileSize() {
        return mapped.byteSize();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + tensors().size() + " tensors]";
    }
}
