package io.consilium.strategy.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every key and value in a YAML document, by JSON pointer ("/pools/0/kind").
 * Jackson's tree forgets locations, so errors found after binding (ranges, cross-key rules) look
 * their position up here.
 */
final class YamlLocations {
    private final Map<String, int[]> keys = new HashMap<>();
    private final Map<String, int[]> values = new HashMap<>();

    static YamlLocations index(String yaml) throws IOException {
        YamlLocations idx = new YamlLocations();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<Frame> stack = new ArrayDeque<>();
            String pendingKey = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    Frame f = stack.peek();
                    pendingKey = f.path + "/" + escape(p.currentName());
                    idx.keys.put(pendingKey, pos(p.currentTokenLocation()));
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                String path;
                Frame parent = stack.peek();
                if (parent == null) {
                    path = "";
                } else if (parent.array) {
                    path = parent.path + "/" + parent.next++;
                } else {
                    path = pendingKey;
                }
                idx.values.put(path, pos(p.currentTokenLocation()));
                if (t == JsonToken.START_OBJECT) {
                    stack.push(new Frame(path, false));
                } else if (t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(path, true));
                }
            }
        }
        return idx;
    }

    /** "line:col" of the value at the pointer, else its key, else the nearest enclosing node's. */
    String at(String pointer) {
        String p = pointer;
        while (true) {
            int[] v = values.get(p);
            if (v == null) {
                v = keys.get(p);
            }
            if (v != null) {
                return v[0] + ":" + v[1];
            }
            if (p.isEmpty()) {
                return "1:1";
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** "line:col" of the key itself (for unknown keys). */
    String keyAt(String pointer) {
        int[] k = keys.get(pointer);
        return k == null ? at(pointer) : k[0] + ":" + k[1];
    }

    private static int[] pos(JsonLocation l) {
        return new int[] {l.getLineNr(), l.getColumnNr()};
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int next;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
