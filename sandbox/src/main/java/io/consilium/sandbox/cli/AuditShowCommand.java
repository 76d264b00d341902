package io.consilium.sandbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.consilium.sandbox.SandboxUserError;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.journal.JournalEntry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `consilium audit show ID`: one journal record in full; with a request id, every record of that request. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one journal record in full (ID = its index, as `audit tail` prints), or all records of a request id.")
public final class AuditShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "Record index, or a sandbox request id (or its prefix).")
    String id;

    @Option(names = "--journal", defaultValue = ".consilium/journal", paramLabel = "DIR", description = "Journal directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (Journal j = Journal.openExisting(dir)) {
            if (id.matches("\\d+")) {
                JournalEntry e = j.read(Long.parseLong(id)).orElseThrow(() ->
                        new SandboxUserError("no journal record " + id + " in " + dir + " (see `consilium audit tail`)"));
                spec.commandLine().getOut().println(pretty.writeValueAsString(pretty.readTree(AuditFormat.json(e))));
                return 0;
            }
            int n = 0;
            for (JournalEntry e : j.readFrom(0, Integer.MAX_VALUE)) {
                if (e.payload().path("requestId").asText("").startsWith(id)) {
                    spec.commandLine().getOut().println(pretty.writeValueAsString(pretty.readTree(AuditFormat.json(e))));
                    n++;
                }
            }
            if (n == 0) {
                throw new SandboxUserError("no journal record or request " + id + " in " + dir + " (see `consilium audit tail`)");
            }
            return 0;
        }
    }
}
