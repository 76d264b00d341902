/**
 * GGUF (v2/v3) files: {@link io.consilium.llm.gguf.GgufFile} memory-maps a model read-only and parses its
 * metadata and tensor table, bounding every count and length by the bytes that remain so a corrupt or hostile
 * file fails with one {@link io.consilium.llm.gguf.GgufFormatException}; {@link io.consilium.llm.gguf.GgufWriter}
 * writes files in the layout llama.cpp loads (contiguous, aligned tensor data).
 */
package io.consilium.llm.gguf;
