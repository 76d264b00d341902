package io.consilium.llm.tokenizer;

/**
 * Token types as stored in {@code tokenizer.ggml.token_type}, and the attribute bits llama.cpp
 * derives from them (plus the lstrip/rstrip bits some vocabs set on special tokens).
 */
public final class TokenType {
    public static final int UNDEFINED = 0;
    public static final int NORMAL = 1;
    public static final int UNKNOWN = 2;
    public static final int CONTROL = 3;
    public static final int USER_DEFINED = 4;
    public static final int UNUSED = 5;
    public static final int BYTE = 6;

    static final int ATTR_UNDEFINED = 0;
    static final int ATTR_UNKNOWN = 1 << 0;
    static final int ATTR_UNUSED = 1 << 1;
    static final int ATTR_NORMAL = 1 << 2;
    static final int ATTR_CONTROL = 1 << 3;
    static final int ATTR_USER_DEFINED = 1 << 4;
    static final int ATTR_BYTE = 1 << 5;
    static final int ATTR_LSTRIP = 1 << 7;
    static final int ATTR_RSTRIP = 1 << 8;

    private TokenType() {
    }

    static int attrOf(int type) {
        return switch (type) {
            case UNKNOWN -> ATTR_UNKNOWN;
            case UNUSED -> ATTR_UNUSED;
            case NORMAL -> ATTR_NORMAL;
            case CONTROL -> ATTR_CONTROL;
            case USER_DEFINED -> ATTR_USER_DEFINED;
            case BYTE -> ATTR_BYTE;
            default -> ATTR_UNDEFINED;
        };
    }
}
