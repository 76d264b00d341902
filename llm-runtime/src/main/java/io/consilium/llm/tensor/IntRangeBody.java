package io.consilium.llm.tensor;

/** A slice of parallel work: handles indices {@code [start, end)}. */
@FunctionalInterface
public interface IntRangeBody {
    void run(int start, int end);
}
