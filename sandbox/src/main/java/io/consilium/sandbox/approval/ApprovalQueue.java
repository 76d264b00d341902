package io.consilium.sandbox.approval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.consilium.sandbox.SandboxUserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The human-approval queue: one JSON file per request in a directory, so the CLI, the daemon and its
 * HTTP dashboard (other processes) see the same queue. A decision is written atomically under a file
 * lock and only a PENDING entry can be decided; a pending entry past its deadline counts as rejected.
 */
public final class ApprovalQueue {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final LongSupplier clock;

    public ApprovalQueue(Path dir) {
        this(dir, System::currentTimeMillis);
    }

    public ApprovalQueue(Path dir, LongSupplier clockMillis) {
        this.dir = dir;
        this.clock = clockMillis;
    }

    public Path dir() {
        return dir;
    }

    public Approval enqueue(JsonNode request, List<String> reasons, double usd, Duration timeout) {
        long now = clock.getAsLong();
        Approval a = new Approval(UUID.randomUUID().toString().substring(0, 8), Approval.Status.PENDING, now,
                now + timeout.toMillis(), null, 0, request, List.copyOf(reasons), usd);
        write(a);
        return a;
    }

    /** The entry, with an overdue PENDING reported (and stored) as EXPIRED. */
    public Optional<Approval> get(String id) {
        Path f = file(id);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Approval a = read(f);
        if (a.status() == Approval.Status.PENDING && clock.getAsLong() > a.expiresAt()) {
            return Optional.of(decide(id, Approval.Status.EXPIRED, "timeout"));
        }
        return Optional.of(a);
    }

    public List<Approval> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Approval> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".json")).toList()) {
                String id = p.getFileName().toString().replace(".json", "");
                get(id).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparingLong(Approval::createdAt));
        return out;
    }

    public List<Approval> pending() {
        return list().stream().filter(a -> a.status() == Approval.Status.PENDING).toList();
    }

    public Approval approve(String id, String by) {
        return decide(id, Approval.Status.APPROVED, by);
    }

    public Approval reject(String id, String by) {
        return decide(id, Approval.Status.REJECTED, by);
    }

    /** Blocks until the entry is decided or expires (polling the file, so a decision by another process counts). */
    public Approval await(String id, Duration pollEvery) throws InterruptedException {
        while (true) {
            Approval a = get(id).orElseThrow(() -> new SandboxUserError("no approval request " + id + " in " + dir));
            if (a.status() != Approval.Status.PENDING) {
                return a;
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    private Approval decide(String id, Approval.Status status, String by) {
        Path f = file(id);
        if (!Files.exists(f)) {
            throw new SandboxUserError("no approval request " + id + " in " + dir + " (list them with: consilium sandbox approvals)");
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Approval a = read(f);
            if (a.status() != Approval.Status.PENDING) {
                if (a.status() == status) {
                    return a;
                }
                throw new SandboxUserError("approval request " + id + " is already " + a.status().name().toLowerCase());
            }
            Approval.Status effective = status != Approval.Status.EXPIRED && clock.getAsLong() > a.expiresAt()
                    ? Approval.Status.EXPIRED : status;
            Approval d = a.with(effective, effective == Approval.Status.EXPIRED ? "timeout" : by, clock.getAsLong());
            write(d);
            if (effective != status) {
                throw new SandboxUserError("approval request " + id + " timed out before it was decided; it counts as rejected");
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new SandboxUserError("not an approval id: " + id);
        }
        return dir.resolve(id + ".json");
    }

    private Approval read(Path f) {
        try {
            return JSON.readValue(f.toFile(), Approval.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable approval file " + f, e);
        }
    }

    private void write(Approval a) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(a.id() + ".json.tmp");
            JSON.writeValue(tmp.toFile(), a);
            try {
                Files.move(tmp, file(a.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(a.id()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
