package io.consilium.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * Sends JSON-RPC over web3j's HTTP service with a rate limit, retries with exponential backoff for
 * transient faults only (connection refused, timeouts, HTTP 5xx/429, node rate-limit errors), and
 * failover across endpoints. A JSON-RPC error reply (a revert, a bad nonce) is an answer, not a
 * fault, and is never retried.
 */
final class RpcTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcTransport.class);
    private static final Pattern HTTP_STATUS = Pattern.compile("Invalid response received: (\\d{3})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** web3j binds the JSON-RPC result to this type, so any method's result arrives as a tree. */
    public static final class RawResponse extends Response<JsonNode> {}

    private record Endpoint(String url, HttpService service) {}

    private final List<Endpoint> endpoints;
    private final OkHttpClient http;
    private final int retries;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final RateLimiter limiter;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicLong roundTrips = new AtomicLong();

    RpcTransport(List<String> urls, Duration connectTimeout, Duration readTimeout, int retries,
                 Duration backoff, Duration maxBackoff, double requestsPerSecond) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one RPC URL is needed");
        }
        this.http = HttpService.getOkHttpClientBuilder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .socketFactory(new NoDelaySocketFactory())
                .build();
        List<Endpoint> eps = new ArrayList<>();
        for (String url : urls) {
            eps.add(new Endpoint(url, new HttpService(url, http)));
        }
        this.endpoints = List.copyOf(eps);
        this.retries = retries;
        this.backoff = backoff;
        this.maxBackoff = maxBackoff;
        this.limiter = requestsPerSecond > 0 ? new RateLimiter(requestsPerSecond, (int) Math.ceil(requestsPerSecond)) : null;
    }

    String currentUrl() {
        return endpoints.get(current.get()).url();
    }

    List<String> urls() {
        return endpoints.stream().map(Endpoint::url).toList();
    }

    long roundTrips() {
        return roundTrips.get();
    }

    JsonNode send(String method, List<Object> params) {
        return withRetries(method, ep -> {
            Request<Object, RawResponse> req = new Request<>(method, params, ep.service(), RawResponse.class);
            RawResponse r = req.send();
            return unwrap(method, r);
        });
    }

    /** One HTTP round trip carrying several calls; results in call order. */
    List<JsonNode> batch(List<RpcCall> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return withRetries("batch", ep -> {
            BatchRequest batch = new BatchRequest(ep.service());
            for (RpcCall c : calls) {
                batch.add(new Request<>(c.method(), c.params(), ep.service(), RawResponse.class));
            }
            BatchResponse resp = batch.send();
            List<? extends Response<?>> rs = resp.getResponses();
            List<JsonNode> out = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                // web3j matches responses to requests by id and keeps request order
                out.add(unwrap(calls.get(i).method(), (RawResponse) rs.get(i)));
            }
            return out;
        });
    }

    private interface Attempt<T> {
        T run(Endpoint ep) throws IOException;
    }

    private <T> T withRetries(String method, Attempt<T> attempt) {
        int attempts = (retries + 1) * endpoints.size();
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            int idx = current.get();
            Endpoint ep = endpoints.get(idx);
            if (limiter != null) {
                limiter.acquire();
            }
            try {
                roundTrips.incrementAndGet();
                return attempt.run(ep);
            } catch (IOException | ClientConnectionException | RpcErrorException e) {
                if (!isTransient(e)) {
                    throw (RuntimeException) (e instanceof RuntimeException re ? re : new IllegalStateException(e));
                }
                last = e;
                if (endpoints.size() > 1) {
                    int next = (idx + 1) % endpoints.size();
                    if (current.compareAndSet(idx, next)) {
                        LOG.warn("RPC {} failed on {} ({}); failing over to {}", method, ep.url(), e.toString(), endpoints.get(next).url());
                    }
                } else {
                    LOG.debug("RPC {} failed on {} ({}); retrying", method, ep.url(), e.toString());
                }
                if (i + 1 < attempts) {
                    sleep(delay(i / endpoints.size()));
                }
            }
        }
        throw new RpcUnreachableError("cannot reach RPC " + String.join(", ", urls()) + " (" + last
                + "): start the node (for a local one: ./consilium testbed up) or fix the RPC URL", last);
    }

    static boolean isTransient(Exception e) {
        if (e instanceof IOException) {
            return true;
        }
        if (e instanceof ClientConnectionException c) {
            Matcher m = HTTP_STATUS.matcher(String.valueOf(c.getMessage()));
            if (!m.find()) {
                return true;
            }
            int status = Integer.parseInt(m.group(1));
            return status >= 500 || status == 429 || status == 408;
        }
        if (e instanceof RpcErrorException r && !(r instanceof RevertException)) {
            String msg = r.rpcMessage().toLowerCase();
            return r.code() == 429 || r.code() == -32005 || msg.contains("rate limit") || msg.contains("too many requests");
        }
        return false;
    }

    private Duration delay(int round) {
        long base = backoff.toMillis() << Math.min(round, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry an RPC call", e);
        }
    }

    private static JsonNode unwrap(String method, RawResponse r) {
        if (r.hasError()) {
            Response.Error err = r.getError();
            String data = errorData(err.getData());
            String msg = err.getMessage() == null ? "" : err.getMessage();
            boolean revert = (method.equals("eth_call") || method.equals("eth_estimateGas"))
                    && (err.getCode() == 3 || msg.toLowerCase().contains("revert"));
            if (revert) {
                throw new RevertException(method, err.getCode(), msg, data == null ? new byte[0] : Hex.bytes(data));
            }
            throw new RpcErrorException(method, err.getCode(), msg, data);
        }
        return r.getResult() == null ? NullNode.getInstance() : r.getResult();
    }

    /** web3j keeps the error's data member as raw JSON text; we want the hex string inside it. */
    private static String errorData(String raw) {
        if (raw == null || raw.isBlank() || raw.equals("null")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(raw);
            if (n.isTextual()) {
                return hexOrNull(n.asText());
            }
            if (n.has("data") && n.get("data").isTextual()) {
                return hexOrNull(n.get("data").asText());
            }
            return null;
        } catch (IOException e) {
            return hexOrNull(raw);
        }
    }

    private static String hexOrNull(String s) {
        return s.matches("0x[0-9a-fA-F]*") ? s : null;
    }

    @Override
    public void close() {
        for (Endpoint ep : endpoints) {
            try {
                ep.service().close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", ep.url(), e.toString());
            }
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
