package io.consilium.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfig;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.sandbox.approval.Approval;
import io.consilium.sandbox.approval.ApprovalQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a live daemon (embedded testbed, the default rebalance strategy, a policy that asks
 * a person above 50 USD) in headless Chromium over the DevTools protocol: the page loads without a
 * console error, shows blocks advancing, lists the sandbox's pending approval, and a click on its
 * approve button marks it approved in the sandbox's approval queue, after which the order fills.
 */
class DashboardIT {
    @TempDir
    Path tmp;

    @Test
    void dashboardShowsLiveDataAndApproveReachesTheSandboxQueue() throws Exception {
        Path home = Path.of(System.getProperty("consilium.home"));
        String policy = Files.readString(home.resolve("config/policies/default.yaml"))
                .replace("humanApproval: {aboveUsd: 10000", "humanApproval: {aboveUsd: 50");
        assertTrue(policy.contains("aboveUsd: 50"), "the default policy's humanApproval line changed shape");
        Path policyFile = tmp.resolve("policy.yaml");
        Files.writeString(policyFile, policy);
        DaemonConfig c = DaemonConfigLoader.load(home.resolve("config/daemon.yaml"));
        DaemonConfig cfg = new DaemonConfig("live", c.chain(), c.wallet(), policyFile.toString(),
                List.of(c.strategies().getFirst()), c.portfolio(),
                new DaemonConfig.Llm(null, true, null, null, null, null), tmp.resolve("journal").toString(),
                new DaemonConfig.Http(0, "127.0.0.1"), c.console());
        DaemonOptions opts = new DaemonOptions(home.resolve("config/daemon.yaml"), null, null, false, "127.0.0.1",
                DaemonOptions.Role.ALL, false, 0);
        try (Daemon d = Daemon.start(cfg, opts, new ModuleWiring(), null); Chromium browser = Chromium.launch()) {
            browser.navigate("http://127.0.0.1:" + d.httpPort() + "/");
            String firstBlock = waitFor(browser, "document.getElementById('block').textContent", v -> v.matches(".*\\d.*"), 60);
            String id = waitFor(browser, "(() => { const b = document.querySelector('#approvals button.approve');"
                    + " return b ? b.closest('tr').cells[0].textContent : ''; })()", v -> !v.isEmpty(), 120);
            String later = waitFor(browser, "document.getElementById('block').textContent", v -> !v.equals(firstBlock), 30);
            assertNotEquals(firstBlock, later, "the block shown advances (live data)");
            assertTrue(browser.eval("document.getElementById('positions').innerText").asText().contains("USDC"),
                    "positions are shown");

            ApprovalQueue queue = new ApprovalQueue(Path.of(d.board().status().path("info").path("approvals").asText()));
            assertEquals(Approval.Status.PENDING, queue.get(id).orElseThrow().status());
            browser.eval("document.querySelector('#approvals button.approve').click()");
            long end = System.currentTimeMillis() + 30_000;
            while (queue.get(id).orElseThrow().status() == Approval.Status.PENDING && System.currentTimeMillis() < end) {
                Thread.sleep(200);
            }
            Approval a = queue.get(id).orElseThrow();
            assertEquals(Approval.Status.APPROVED, a.status(), "the click reached the sandbox's approval queue");
            assertEquals("dashboard", a.decidedBy());
            waitFor(browser, "document.getElementById('results').innerText", v -> v.contains("FILLED"), 90);
            assertTrue(browser.errors.isEmpty(), "console errors: " + browser.errors);
        }
    }

    private static String waitFor(Chromium b, String js, java.util.function.Predicate<String> ok, int seconds)
            throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        String v = "";
        while (System.currentTimeMillis() < end) {
            try {
                v = b.eval(js).asText("");
                if (ok.test(v)) {
                    return v;
                }
            } catch (IllegalStateException notYet) {
                v = notYet.getMessage(); // the page is still loading
            }
            Thread.sleep(300);
        }
        throw new AssertionError("timed out waiting on the page for: " + js + " (last value: " + v + ")");
    }
}
