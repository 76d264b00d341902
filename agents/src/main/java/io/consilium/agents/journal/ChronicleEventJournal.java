package io.consilium.agents.journal;

import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.journal.JournalEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The daemon's journal on the sandbox's Chronicle Queue {@link Journal} (one queue directory). */
public final class ChronicleEventJournal implements EventJournal {
    private final Journal journal;
    private final AtomicLong count = new AtomicLong();

    public ChronicleEventJournal(Path dir) {
        this.journal = Journal.open(dir);
        this.count.set(journal.readFrom(0, Integer.MAX_VALUE).size());
    }

    public Journal journal() {
        return journal;
    }

    @Override
    public void append(String type, Object record) {
        journal.append(type, record);
        count.incrementAndGet();
    }

    @Override
    public List<Entry> readAll() {
        List<Entry> out = new ArrayList<>();
        for (JournalEntry e : journal.readFrom(0, Integer.MAX_VALUE)) {
            out.add(new Entry(e.index(), e.timeMillis(), e.type(), e.payload().toString()));
        }
        return out;
    }

    @Override
    public long count() {
        return count.get();
    }

    @Override
    public void close() {
        journal.close();
    }
}
