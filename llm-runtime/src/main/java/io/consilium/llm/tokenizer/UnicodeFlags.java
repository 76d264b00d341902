package io.consilium.llm.tokenizer;

/**
 * Per-codepoint character classes as llama.cpp's pre-tokenizers see them: one general category
 * (letter, number, punctuation, symbol, mark, separator, control, undefined) plus a whitespace bit
 * from the Unicode White_Space property. Built once from {@link Character#getType(int)}.
 */
final class UnicodeFlags {
    static final int UNDEFINED = 0x01;
    static final int NUMBER = 0x02;
    static final int LETTER = 0x04;
    static final int SEPARATOR = 0x08;
    static final int MARK = 0x10;
    static final int PUNCTUATION = 0x20;
    static final int SYMBOL = 0x40;
    static final int CONTROL = 0x80;
    static final int WHITESPACE = 0x100;

    private static final int MAX = 0x110000;
    private static final short[] FLAGS = build();

    private UnicodeFlags() {
    }

    /** Flags of a codepoint; 0 for a value outside Unicode (used as "no character here"). */
    static int of(int cp) {
        return cp >= 0 && cp < MAX ? FLAGS[cp] : 0;
    }

    static boolean isLetter(int flags) {
        return (flags & LETTER) != 0;
    }

    static boolean isNumber(int flags) {
        return (flags & NUMBER) != 0;
    }

    static boolean isWhitespace(int flags) {
        return (flags & WHITESPACE) != 0;
    }

    /** The category bits without the whitespace bit. */
    static int category(int flags) {
        return flags & 0xFF;
    }

    private static short[] build() {
        short[] f = new short[MAX];
        for (int cp = 0; cp < MAX; cp++) {
            f[cp] = (short) categoryOf(Character.getType(cp));
        }
        int[] ws = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
        for (int cp : ws) {
            f[cp] |= WHITESPACE;
        }
        for (int cp = 0x2000; cp <= 0x200A; cp++) {
            f[cp] |= WHITESPACE;
        }
        return f;
    }

    private static int categoryOf(int type) {
        return switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> MARK;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> SEPARATOR;
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> CONTROL;
            case Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.CONNECTOR_PUNCTUATION, Character.OTHER_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION -> PUNCTUATION;
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> SYMBOL;
            default -> UNDEFINED;
        };
    }
}
