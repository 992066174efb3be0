package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderJsonTest {

    @Test
    void parsesEveryKindOfValue() throws ParseException {
        Map<?, ?> v = (Map<?, ?>) HeaderJson.parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {}, \"c\": \"x\"} ");
        assertEquals(List.of("a", "b", "c"), List.copyOf(v.keySet()), "key order is kept");
        assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e1"), true, false, null), v.get("a"));
        assertEquals(Map.of(), v.get("b"));
        assertEquals("x", v.get("c"));
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() throws ParseException {
        assertEquals("\"\\/\b\f\n\r\t\u00e9\ud83d\ude00",
                HeaderJson.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00E9\\ud83d\\ude00\""));
    }

    @Test
    void quoteEscapesWhatJsonRequires() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u001f/é\"", HeaderJson.quote("a\"b\\c\n\t\u001f/é"));
    }

    @Test
    void rejectsWhatJsonRejects() {
        for (String bad : List.of("{\"a\":1,}", "[1 2]", "01", "1.", "-", "\"\u0001\"", "\"\\x\"", "tru", "{} x", "{'a':1}")) {
            assertThrows(ParseException.class, () -> HeaderJson.parse(bad), bad);
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        ParseException e = assertThrows(ParseException.class, () -> HeaderJson.parse("[".repeat(100_000)));
        assertEquals("nested deeper than 64 levels", e.getMessage());
    }
}
