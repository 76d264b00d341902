package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakWatch.class)
class ScryptTest {
    @Test
    void rfc7914Vectors() {
        assertEquals("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                + "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
                HexFormat.of().formatHex(Scrypt.derive(new byte[0], new byte[0], 16, 1, 1, 64)));
        assertEquals("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
                HexFormat.of().formatHex(Scrypt.derive("password".getBytes(StandardCharsets.US_ASCII),
                        "NaCl".getBytes(StandardCharsets.US_ASCII), 1024, 8, 16, 64)));
    }

    @Test
    void agreesWithBouncyCastleWhereBouncyCastleAcceptsTheParameters() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 40; i++) {
            byte[] pw = new byte[rnd.nextInt(0, 40)];
            byte[] salt = new byte[rnd.nextInt(1, 40)];
            rnd.nextBytes(pw);
            rnd.nextBytes(salt);
            int n = 1 << rnd.nextInt(1, 9);
            int r = rnd.nextInt(1, 5);
            int p = rnd.nextInt(1, 4);
            assertArrayEquals(SCrypt.generate(pw, salt, n, r, p, 32), Scrypt.derive(pw, salt, n, r, p, 32));
        }
    }
}
