package io.consilium.llm.sample;

import java.util.Arrays;

/** A growable list of ints (token ids) without boxing; the sampler reads the tail as its penalty window. */
public final class IntList {
    private int[] a;
    private int n;

    public IntList() {
        this(16);
    }

    public IntList(int capacity) {
        a = new int[Math.max(4, capacity)];
    }

    public static IntList of(int... values) {
        IntList l = new IntList(values.length);
        for (int v : values) {
            l.add(v);
        }
        return l;
    }

    public void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n++] = v;
    }

    public int get(int i) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException(i + " of " + n);
        }
        return a[i];
    }

    public int size() {
        return n;
    }

    public boolean isEmpty() {
        return n == 0;
    }

    public void clear() {
        n = 0;
    }

    public int[] toArray() {
        return Arrays.copyOf(a, n);
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
