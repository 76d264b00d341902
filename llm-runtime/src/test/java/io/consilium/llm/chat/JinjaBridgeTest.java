package io.consilium.llm.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Python-isms chat templates use, each checked on its own. */
class JinjaBridgeTest {

    static String render(String template, Map<String, Object> extra) {
        return ChatTemplate.of(template, "<s>", "</s>").render(List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Yo")),
                false, null, extra);
    }

    @Test
    void stringMethods() {
        assertEquals("True|x|b|A B|a-b|2|x y",
                render("{{ 'abc'.startswith('a') }}|{{ '  x \\n'.strip() }}|{{ 'a,b'.split(',')[-1] }}|"
                        + "{{ 'a b'.upper() }}|{{ '-'.join(['a', 'b']) }}|{{ 'a.b.c'.split('.', 1)|length }}|"
                        + "{{ ' x  y '.split()|join(' ') }}", null).replace("true", "True"));
        assertEquals("ab|\nx", render("{{ 'xxab'.lstrip('x') }}|{{ '\\nx\\n\\n'.rstrip('\\n') }}", null));
        assertEquals("True", render("{{ 'a</think>b'.endswith(('c', 'b')) }}", null).replace("true", "True"));
    }

    @Test
    void dictItemsAndReverseSlice() {
        assertEquals("a=1;b=2;", render("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", null));
        assertEquals("assistant,user", render("{{ messages[::-1]|map(attribute='role')|join(',') }}", null));
    }

    @Test
    void namespaceWithExpressionsAndLoopState() {
        assertEquals("1|done", render("{% set ns = namespace(last=messages|length - 1, flag=false) %}"
                + "{% for m in messages %}{% if loop.last %}{% set ns.flag = true %}{% endif %}{% endfor %}"
                + "{{ ns.last }}|{{ 'done' if ns.flag else 'no' }}", null));
    }

    @Test
    void notIsDefinedBindsLikeJinja2() {
        String t = "{% if not date_string is defined %}{% set date_string = 'default' %}{% endif %}{{ date_string }}";
        assertEquals("default", render(t, null));
        assertEquals("given", render(t, Map.of("date_string", "given")));
    }

    @Test
    void tojsonWritesPythonJson() {
        assertEquals("{\"a\": [1, 2.5, \"é\\n\"], \"b\": null}",
                render("{{ {'a': [1, 2.5, 'é\\n'], 'b': none}|tojson }}", null));
        assertEquals("{\n  \"a\": 1\n}", render("{{ {'a': 1}|tojson(indent=2) }}", null));
    }

    @Test
    void strftimeNow() {
        String year = render("{{ strftime_now('%Y') }}", null);
        assertTrue(year.matches("\\d{4}"), year);
    }

    @Test
    void whitespaceControlAndTrimBlocks() {
        assertEquals("    ab", render("{%- if true %}\n    a\n{%- endif %}\n{{- 'b' }}", null));
        // trim_blocks: the newline after a block tag is removed; lstrip_blocks: spaces before it
        assertEquals("x\ny\n", render("{% if true %}\nx\n    {% endif %}\ny\n\n", null));
    }
}
