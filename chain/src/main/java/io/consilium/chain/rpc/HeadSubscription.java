package io.consilium.chain.rpc;

import io.reactivex.disposables.Disposable;
import java.net.ConnectException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.NewHead;

/**
 * New block heads pushed over WebSocket ({@code eth_subscribe("newHeads")} through web3j's WebSocket
 * service). Heads arrive on web3j's thread: hand them off rather than doing slow work in the callback.
 */
public final class HeadSubscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadSubscription.class);

    private final Web3j web3j;
    private final Disposable subscription;

    private HeadSubscription(Web3j web3j, Disposable subscription) {
        this.web3j = web3j;
        this.subscription = subscription;
    }

    public static HeadSubscription open(String wsUrl, Consumer<BlockHeader> onHead) {
        if (wsUrl == null || !(wsUrl.startsWith("ws://") || wsUrl.startsWith("wss://"))) {
            throw new io.consilium.chain.ChainUserError("WebSocket URL must start with ws:// or wss://, got: " + wsUrl);
        }
        WebSocketService ws = new WebSocketService(wsUrl, false);
        try {
            ws.connect();
        } catch (ConnectException e) {
            throw new RpcUnreachableError("cannot reach WebSocket " + wsUrl + " (" + e.getMessage()
                    + "): start the node or fix the URL", e);
        }
        Web3j w = Web3j.build(ws);
        Disposable d = w.newHeadsNotifications().subscribe(
                n -> onHead.accept(header(n.getParams().getResult())),
                err -> LOG.warn("newHeads subscription on {} ended: {}", wsUrl, err.toString()));
        return new HeadSubscription(w, d);
    }

    private static BlockHeader header(NewHead h) {
        return new BlockHeader(Hex.toLong(h.getNumber()), h.getHash(), h.getParentHash(), Hex.toLong(h.getTimestamp()), null);
    }

    @Override
    public void close() {
        subscription.dispose();
        web3j.shutdown();
    }
}
