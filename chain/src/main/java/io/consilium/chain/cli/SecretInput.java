package io.consilium.chain.cli;

import io.consilium.chain.ChainUserError;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads passwords, keys and mnemonics from files, the environment or the console into char[] that the
 * caller wipes. Error messages name the file, never its content.
 */
final class SecretInput {
    static final String PASSWORD_ENV = "CONSILIUM_WALLET_PASSWORD";

    private SecretInput() {}

    /** --password-file, else $CONSILIUM_WALLET_PASSWORD, else the console (asked twice when confirm). */
    static char[] password(Path passwordFile, boolean confirm) {
        if (passwordFile != null) {
            return stripOneNewline(readChars(passwordFile, "password file"));
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new ChainUserError("no password given: use --password-file FILE, set " + PASSWORD_ENV
                    + ", or run in a terminal to be asked");
        }
        char[] first = console.readPassword("Keystore password: ");
        if (first == null) {
            throw new ChainUserError("no password entered");
        }
        if (confirm) {
            char[] second = console.readPassword("Repeat password: ");
            boolean same = second != null && Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new ChainUserError("the two passwords do not match; nothing was written");
            }
        }
        return first;
    }

    /** The whole file as UTF-8 characters; the byte buffer is wiped. */
    static char[] readChars(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ChainUserError(what + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            Arrays.fill(cb.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new ChainUserError(what + " " + file + ": not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A 32-byte private key written as 64 hex digits, optionally 0x-prefixed, surrounding whitespace ignored. */
    static byte[] privateKeyHex(Path file) {
        char[] c = readChars(file, "private key file");
        try {
            int start = 0;
            int end = c.length;
            while (start < end && Character.isWhitespace(c[start])) {
                start++;
            }
            while (end > start && Character.isWhitespace(c[end - 1])) {
                end--;
            }
            if (end - start >= 2 && c[start] == '0' && (c[start + 1] == 'x' || c[start + 1] == 'X')) {
                start += 2;
            }
            if (end - start != 64) {
                throw new ChainUserError("private key file " + file + ": expected 64 hex digits (optionally 0x-prefixed)");
            }
            byte[] key = new byte[32];
            for (int i = 0; i < 32; i++) {
                int hi = Character.digit(c[start + 2 * i], 16);
                int lo = Character.digit(c[start + 2 * i + 1], 16);
                if (hi < 0 || lo < 0) {
                    Arrays.fill(key, (byte) 0);
                    throw new ChainUserError("private key file " + file + ": expected 64 hex digits (optionally 0x-prefixed)");
                }
                key[i] = (byte) (hi << 4 | lo);
            }
            return key;
        } finally {
            Arrays.fill(c, '\0');
        }
    }

    private static char[] stripOneNewline(char[] c) {
        int end = c.length;
        if (end > 0 && c[end - 1] == '\n') {
            end--;
            if (end > 0 && c[end - 1] == '\r') {
                end--;
            }
        }
        if (end == c.length) {
            return c;
        }
        char[] out = Arrays.copyOf(c, end);
        Arrays.fill(c, '\0');
        return out;
    }
}
