package io.consilium.chain.wallet;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Decodes and validates a signed raw transaction (legacy with or without EIP-155, EIP-2930 type 1,
 * EIP-1559 type 2) and recovers its sender, applying the consensus rules a node applies before
 * accepting it. Rejections carry the reason names used by ethereum/tests (TransactionException.*).
 * Used to check what an external signer returned before anything is sent.
 */
public final class RawTxDecoder {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MAX_NONCE = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private RawTxDecoder() {}

    /** Why a transaction is invalid; {@link #getMessage()} is the reason name (no key material exists here). */
    public static final class InvalidTx extends IllegalArgumentException {
        InvalidTx(String reason) {
            super(reason);
        }
    }

    public record Decoded(int type, Long chainId, BigInteger nonce, BigInteger gasPrice, BigInteger maxPriorityFeePerGas,
                          BigInteger maxFeePerGas, BigInteger gasLimit, Address to, BigInteger value, byte[] data,
                          int accessListAddresses, int accessListKeys, int yParity, BigInteger r, BigInteger s,
                          Address sender, String hash) {
        /** Gas charged before execution (Shanghai rules: calldata, creation, init-code words, access list). */
        public long intrinsicGas() {
            long g = 21_000;
            for (byte b : data) {
                g += b == 0 ? 4 : 16;
            }
            if (to == null) {
                g += 32_000 + 2L * ((data.length + 31) / 32);
            }
            return g + 2_400L * accessListAddresses + 1_900L * accessListKeys;
        }
    }

    /**
     * @param expectedChainId the chain the node runs; an EIP-155 or typed transaction for another chain is invalid
     */
    public static Decoded decode(byte[] raw, long expectedChainId) {
        if (raw.length == 0) {
            throw new InvalidTx("RLP_INVALID");
        }
        int first = raw[0] & 0xff;
        try {
            if (first >= 0xc0) {
                return legacy(raw, expectedChainId);
            }
            if (first == 1 || first == 2) {
                return typed(raw, first, expectedChainId);
            }
            throw new InvalidTx("TYPE_NOT_SUPPORTED");
        } catch (StrictRlp.RlpException e) {
            throw new InvalidTx("RLP_INVALID");
        }
    }

    private static Decoded legacy(byte[] raw, long expectedChainId) {
        List<Object> f = list(StrictRlp.decode(raw, 0), 9);
        BigInteger nonce = uint(f.get(0), "NONCE");
        BigInteger gasPrice = uint(f.get(1), "GASPRICE");
        BigInteger gasLimit = uint(f.get(2), "GASLIMIT");
        Address to = to(f.get(3));
        BigInteger value = uint(f.get(4), "VALUE");
        byte[] data = bytes(f.get(5));
        BigInteger v = uint(f.get(6), "V");
        BigInteger r = uint(f.get(7), "R");
        BigInteger s = uint(f.get(8), "S");
        checkNonce(nonce);
        checkProduct(gasLimit, gasPrice);
        Long chainId;
        int recId;
        if (v.equals(BigInteger.valueOf(27)) || v.equals(BigInteger.valueOf(28))) {
            chainId = null;
            recId = v.intValue() - 27;
        } else if (v.compareTo(BigInteger.valueOf(35)) >= 0) {
            BigInteger c = v.subtract(BigInteger.valueOf(35)).shiftRight(1);
            if (c.bitLength() > 63 || c.longValue() != expectedChainId) {
                throw new InvalidTx("INVALID_CHAINID");
            }
            chainId = c.longValue();
            recId = v.subtract(BigInteger.valueOf(35)).testBit(0) ? 1 : 0;
        } else {
            throw new InvalidTx("INVALID_SIGNATURE_VRS");
        }
        List<RlpType> unsigned = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            unsigned.add(RlpString.create(bytes(f.get(i))));
        }
        if (chainId != null) {
            unsigned.add(RlpString.create(BigInteger.valueOf(chainId)));
            unsigned.add(RlpString.create(new byte[0]));
            unsigned.add(RlpString.create(new byte[0]));
        }
        byte[] sigHash = Hash.sha3(RlpEncoder.encode(new RlpList(unsigned)));
        Address sender = recover(sigHash, recId, r, s);
        return new Decoded(0, chainId, nonce, gasPrice, null, null, gasLimit, to, value, data, 0, 0, recId, r, s, sender, hash(raw));
    }

    private static Decoded typed(byte[] raw, int type, long expectedChainId) {
        int n = type == 1 ? 11 : 12;
        List<Object> f = list(StrictRlp.decode(raw, 1), n);
        int i = 0;
        BigInteger chainId = uint(f.get(i++), "CHAINID");
        BigInteger nonce = uint(f.get(i++), "NONCE");
        BigInteger gasPrice = null;
        BigInteger priority = null;
        BigInteger maxFee = null;
        if (type == 1) {
            gasPrice = uint(f.get(i++), "GASPRICE");
        } else {
            priority = uint(f.get(i++), "PRIORITY_FEE");
            maxFee = uint(f.get(i++), "BASEFEE");
        }
        BigInteger gasLimit = uint(f.get(i++), "GASLIMIT");
        Address to = to(f.get(i++));
        BigInteger value = uint(f.get(i++), "VALUE");
        byte[] data = bytes(f.get(i++));
        int[] accessCounts = accessList(f.get(i++));
        BigInteger yParity = uint(f.get(i++), "V");
        BigInteger r = uint(f.get(i++), "R");
        BigInteger s = uint(f.get(i), "S");
        checkNonce(nonce);
        if (type == 2 && priority.compareTo(maxFee) > 0) {
            throw new InvalidTx("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS");
        }
        checkProduct(gasLimit, type == 1 ? gasPrice : maxFee);
        if (chainId.bitLength() > 63 || chainId.longValue() != expectedChainId) {
            throw new InvalidTx("INVALID_CHAINID");
        }
        if (yParity.compareTo(BigInteger.ONE) > 0) {
            throw new InvalidTx("INVALID_SIGNATURE_VRS");
        }
        List<RlpType> unsigned = new ArrayList<>();
        // re-encode the first n-3 fields exactly as received (they passed the strict decoder, so this is canonical)
        List<Object> fields = f.subList(0, n - 3);
        for (Object o : fields) {
            unsigned.add(toRlp(o));
        }
        byte[] payload = RlpEncoder.encode(new RlpList(unsigned));
        byte[] toHash = new byte[payload.length + 1];
        toHash[0] = (byte) type;
        System.arraycopy(payload, 0, toHash, 1, payload.length);
        Address sender = recover(Hash.sha3(toHash), yParity.intValue(), r, s);
        return new Decoded(type, chainId.longValue(), nonce, gasPrice, priority, maxFee, gasLimit, to, value, data,
                accessCounts[0], accessCounts[1], yParity.intValue(), r, s, sender, hash(raw));
    }

    private static int[] accessList(Object o) {
        if (!(o instanceof List<?> entries)) {
            throw new InvalidTx("RLP_INVALID_ACCESS_LIST");
        }
        int addresses = 0;
        int keys = 0;
        for (Object e : entries) {
            if (!(e instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof byte[] addr)
                    || !(pair.get(1) instanceof List<?> slots)) {
                throw new InvalidTx("RLP_INVALID_ACCESS_LIST");
            }
            if (addr.length > 20) {
                throw new InvalidTx("RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG");
            }
            if (addr.length < 20) {
                throw new InvalidTx("RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT");
            }
            for (Object slot : slots) {
                if (!(slot instanceof byte[] k)) {
                    throw new InvalidTx("RLP_INVALID_ACCESS_LIST");
                }
                if (k.length > 32) {
                    throw new InvalidTx("RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG");
                }
                if (k.length < 32) {
                    throw new InvalidTx("RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT");
                }
                keys++;
            }
            addresses++;
        }
        return new int[] {addresses, keys};
    }

    private static Address recover(byte[] hash, int recId, BigInteger r, BigInteger s) {
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(Secp256k1.N) >= 0 || s.compareTo(Secp256k1.HALF_N) > 0) {
            throw new InvalidTx("INVALID_SIGNATURE_VRS");
        }
        Address a = Secp256k1.recover(hash, recId, r, s);
        if (a == null) {
            throw new InvalidTx("INVALID_SIGNATURE_VRS");
        }
        return a;
    }

    private static void checkNonce(BigInteger nonce) {
        if (nonce.compareTo(MAX_NONCE) >= 0) {
            throw new InvalidTx("NONCE_IS_MAX");
        }
    }

    private static void checkProduct(BigInteger gasLimit, BigInteger price) {
        if (gasLimit.multiply(price).compareTo(TWO_256) >= 0) {
            throw new InvalidTx("GASLIMIT_PRICE_PRODUCT_OVERFLOW");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, int size) {
        if (!(o instanceof List<?> l) || l.size() != size) {
            throw new InvalidTx("RLP_INVALID");
        }
        return (List<Object>) l;
    }

    private static byte[] bytes(Object o) {
        if (!(o instanceof byte[] b)) {
            throw new InvalidTx("RLP_INVALID");
        }
        return b;
    }

    /** A canonical unsigned integer of at most 32 bytes. */
    private static BigInteger uint(Object o, String field) {
        byte[] b = bytes(o);
        if (b.length > 0 && b[0] == 0) {
            throw new InvalidTx("RLP_LEADING_ZEROS_" + field);
        }
        if (b.length > 32) {
            throw new InvalidTx(switch (field) {
                case "BASEFEE", "GASPRICE" -> "GASPRICE_OVERFLOW";
                case "PRIORITY_FEE" -> "PRIORITY_OVERFLOW";
                default -> field + "_OVERFLOW";
            });
        }
        return new BigInteger(1, b);
    }

    private static Address to(Object o) {
        byte[] b = bytes(o);
        if (b.length == 0) {
            return null;
        }
        if (b.length != 20) {
            throw new InvalidTx("RLP_INVALID_TO");
        }
        return Address.of("0x" + HexFormat.of().formatHex(b));
    }

    private static RlpType toRlp(Object o) {
        if (o instanceof byte[] b) {
            return RlpString.create(b);
        }
        List<RlpType> items = new ArrayList<>();
        for (Object x : (List<?>) o) {
            items.add(toRlp(x));
        }
        return new RlpList(items);
    }

    private static String hash(byte[] raw) {
        return "0x" + HexFormat.of().formatHex(Hash.sha3(raw));
    }
}
