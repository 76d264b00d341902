/**
 * The compute core: one class per GGML weight type ({@code F32Kernel} … {@code Q6KKernel}) holding its Vector API
 * dot kernel with a plain scalar twin, dequantization and ggml's reference quantizer; {@link
 * io.consilium.llm.tensor.Kernels} (matvec, matmul, element-wise {@link io.consilium.llm.tensor.FloatOps}) built on
 * them and run on a {@link io.consilium.llm.tensor.ComputePool}. {@code -Dconsilium.llm.kernels=scalar} forces the
 * scalar twins. The only package that imports {@code jdk.incubator.vector}.
 *
 * <p>Kernel bodies are kept small on purpose: C2 stops inlining Vector API calls in a method past its node budget,
 * and a vector op that is not inlined allocates, which costs 4x or more. Quantized bytes are widened to int lanes
 * before nibble and bit unpacking because x86 has no byte shifts.
 */
package io.consilium.llm.tensor;
