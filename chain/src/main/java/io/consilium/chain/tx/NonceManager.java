package io.consilium.chain.tx;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out nonces per account, safe under concurrency, and remembers the next one in a small file per
 * chain and account ({@code <dir>/<chainId>-<address>.nonce}) written before the nonce is handed out,
 * so a restart never reuses a nonce that may already be in flight. On first use the next nonce is
 * max(file, the node's pending count). A nonce given back before broadcast is reused first.
 */
public final class NonceManager {
    private static final Logger LOG = LoggerFactory.getLogger(NonceManager.class);

    private static final class Account {
        long next = -1;
        final TreeSet<Long> returned = new TreeSet<>();
    }

    private final ChainClient client;
    private final Path dir;
    private final Map<Address, Account> accounts = new ConcurrentHashMap<>();

    /** {@code dir} null keeps nonces in memory only. */
    public NonceManager(ChainClient client, Path dir) {
        this.client = client;
        this.dir = dir;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new ChainUserError("cannot create nonce directory " + dir + ": " + e.getMessage());
            }
        }
    }

    /** The nonce to use for the next transaction of {@code account}. */
    public long next(Address account) {
        Account a = accounts.computeIfAbsent(account, k -> new Account());
        synchronized (a) {
            if (a.next < 0) {
                long chain = client.nonce(account, "pending");
                long stored = read(account);
                a.next = Math.max(chain, stored);
                if (stored > chain) {
                    LOG.warn("{}: nonce file says {} but the node's pending count is {}; nonces {}..{} were handed out "
                            + "before a restart and may be in flight", account, stored, chain, chain, stored - 1);
                }
            }
            Long reuse = a.returned.pollFirst();
            if (reuse != null) {
                return reuse;
            }
            long n = a.next;
            write(account, n + 1);
            a.next = n + 1;
            return n;
        }
    }

    /** Gives back a nonce whose transaction was never broadcast (signing failed, the node refused it). */
    public void release(Address account, long nonce) {
        Account a = accounts.get(account);
        if (a == null) {
            return;
        }
        synchronized (a) {
            if (nonce == a.next - 1 && a.returned.isEmpty()) {
                a.next = nonce;
                write(account, nonce);
            } else if (nonce < a.next) {
                a.returned.add(nonce);
            }
        }
    }

    /** After "nonce too low" or "replacement underpriced": catch up with the node's pending count. */
    public void resync(Address account) {
        Account a = accounts.computeIfAbsent(account, k -> new Account());
        long chain = client.nonce(account, "pending");
        synchronized (a) {
            a.returned.headSet(chain).clear();
            if (chain > a.next) {
                LOG.info("{}: nonce resync {} -> {}", account, a.next, chain);
                a.next = chain;
                write(account, chain);
            }
        }
    }

    /** The next nonce without taking it (-1 before first use). */
    public long peek(Address account) {
        Account a = accounts.get(account);
        if (a == null) {
            return -1;
        }
        synchronized (a) {
            return a.next;
        }
    }

    private Path file(Address account) {
        return dir.resolve(client.chainId().value() + "-" + account.hex() + ".nonce");
    }

    private long read(Address account) {
        if (dir == null) {
            return 0;
        }
        Path f = file(account);
        if (!Files.exists(f)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            throw new ChainUserError("nonce file " + f + " is unreadable (" + e.getMessage()
                    + "): delete it to start again from the node's pending count");
        }
    }

    private void write(Address account, long next) {
        if (dir == null) {
            return;
        }
        Path f = file(account);
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Long.toString(next), StandardCharsets.US_ASCII);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ChainUserError("cannot write nonce file " + f + ": " + e.getMessage());
        }
    }
}
