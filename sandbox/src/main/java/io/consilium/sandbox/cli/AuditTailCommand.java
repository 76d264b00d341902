package io.consilium.sandbox.cli;

import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.journal.JournalEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium audit tail [--follow] [--json]`: the last records of the journal, optionally following new ones. */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print the last journal records; --follow keeps printing new ones.")
public final class AuditTailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many records (default 20).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing records as they are appended (Ctrl-C to stop).")
    boolean follow;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--journal", defaultValue = ".consilium/journal", paramLabel = "DIR", description = "Journal directory.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Journal j = Journal.openExisting(dir)) {
            List<JournalEntry> last = j.tail(lines);
            last.forEach(e -> print(out, e));
            out.flush();
            if (follow) {
                long from = last.isEmpty() ? 0 : last.getLast().index();
                j.follow(from, e -> {
                    if (last.isEmpty() || e.index() != last.getLast().index()) {
                        print(out, e);
                        out.flush();
                    }
                }, () -> Thread.currentThread().isInterrupted());
            }
        }
        return 0;
    }

    private void print(PrintWriter out, JournalEntry e) {
        out.println(json ? AuditFormat.json(e) : AuditFormat.line(e));
    }
}
