package io.consilium.chain.wallet;

import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** EIP-1559 (type 2) envelopes: the bytes that are hashed for signing, and the signed raw transaction. */
public final class Eip1559Codec {
    private Eip1559Codec() {}

    /** 0x02 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList]). */
    public static byte[] signingPayload(Eip1559Tx tx) {
        return envelope(fields(tx));
    }

    public static byte[] signingHash(Eip1559Tx tx) {
        return Hash.sha3(signingPayload(tx));
    }

    /** The raw transaction with signature (yParity, r, s) appended, ready for eth_sendRawTransaction. */
    public static SignedTx assemble(Eip1559Tx tx, int yParity, BigInteger r, BigInteger s) {
        List<RlpType> f = fields(tx);
        f.add(RlpString.create(BigInteger.valueOf(yParity)));
        f.add(RlpString.create(r));
        f.add(RlpString.create(s));
        byte[] raw = envelope(f);
        return new SignedTx(raw, "0x" + HexFormat.of().formatHex(Hash.sha3(raw)));
    }

    public static SignedTx sign(Eip1559Tx tx, PrivateKey key) {
        Secp256k1.Signature sig = Secp256k1.sign(signingHash(tx), key);
        return assemble(tx, sig.recId(), sig.r(), sig.s());
    }

    private static List<RlpType> fields(Eip1559Tx tx) {
        List<RlpType> f = new ArrayList<>();
        f.add(RlpString.create(BigInteger.valueOf(tx.chainId().value())));
        f.add(RlpString.create(BigInteger.valueOf(tx.nonce())));
        f.add(RlpString.create(tx.maxPriorityFeePerGas()));
        f.add(RlpString.create(tx.maxFeePerGas()));
        f.add(RlpString.create(tx.gasLimit()));
        f.add(tx.to() == null ? RlpString.create(new byte[0]) : RlpString.create(HexFormat.of().parseHex(tx.to().hex().substring(2))));
        f.add(RlpString.create(tx.value()));
        f.add(RlpString.create(tx.data()));
        f.add(new RlpList());
        return f;
    }

    private static byte[] envelope(List<RlpType> fields) {
        byte[] body = RlpEncoder.encode(new RlpList(fields));
        byte[] out = new byte[body.length + 1];
        out[0] = 0x02;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
