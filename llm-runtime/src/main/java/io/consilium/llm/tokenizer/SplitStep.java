package io.consilium.llm.tokenizer;

/**
 * One pre-tokenizer pass: every segment of the input (lengths in codepoints, in order, covering the
 * text) is cut into smaller segments. Matched pieces and the gaps between them both survive, as in
 * llama.cpp's chained regex splitting.
 */
interface SplitStep {
    void split(PreText text, IntArray segments, IntArray out);
}
