package io.consilium.agents.chain;

import io.consilium.agents.messages.Order;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.PoolInfo;
import java.math.BigInteger;
import java.util.List;

/**
 * Turns an order into router calldata. Recipient is always the order's account and every amount comes
 * from the order (which the portfolio sized from config and the chain) — never from a model.
 */
public final class SwapCalls {
    /** A call to make: target, calldata, and a label for logs and the journal. */
    public record Call(Address to, byte[] data, String label) {
    }

    private final AddressBook book;

    public SwapCalls(AddressBook book) {
        this.book = book;
    }

    public Address router(PoolInfo pool) {
        return pool.kind() == PoolInfo.Kind.V2 ? book.contract("UniswapV2Router02") : book.contract("SwapRouter");
    }

    public Call approve(Token token, Address spender, BigInteger exactAmount) {
        return new Call(token.address(), Abi.encodeCall("approve(address,uint256)", spender, exactAmount),
                "approve " + exactAmount + " " + token.symbol() + " to the router");
    }

    public Call swap(Order o, long deadline) {
        PoolInfo pool = book.pool(o.pool());
        Token in = book.token(o.tokenIn());
        Token out = book.token(o.tokenOut());
        if (pool.kind() == PoolInfo.Kind.V2) {
            return new Call(router(pool), Abi.encodeCall(
                    "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", o.amountIn(), o.minAmountOut(),
                    List.of(in.address(), out.address()), o.account(), BigInteger.valueOf(deadline)),
                    "V2 swap " + o.amountIn() + " " + in.symbol() + " → " + out.symbol());
        }
        List<Object> params = List.of(in.address(), out.address(), BigInteger.valueOf(pool.fee()), o.account(),
                BigInteger.valueOf(deadline), o.amountIn(), o.minAmountOut(), BigInteger.ZERO);
        return new Call(router(pool), Abi.encodeCall(
                "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))", params),
                "V3 swap " + o.amountIn() + " " + in.symbol() + " → " + out.symbol() + " fee " + pool.fee());
    }
}
