package dev.nnc.runtime.io;

import java.math.BigDecimal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON (RFC 8259) for a safetensors header. The runtime must stay free of
 * dependencies, and a header is one small object of objects, arrays, strings and integers, so a
 * full JSON library would be a poor trade. This is complete JSON, not a subset, because a header
 * may legally carry fields nnc ignores; it is not meant for anything else.
 *
 * <p>Values come back as {@code Map<String, Object>} (key order kept, duplicate keys rejected),
 * {@code List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean} or {@code null}.
 */
final class HeaderJson {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private HeaderJson(String text) {
        this.text = text;
    }

    /** Parses one JSON value; only whitespace may follow it. */
    static Object parse(String text) throws ParseException {
        HeaderJson p = new HeaderJson(text);
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describe() + " after the JSON value");
        }
        return value;
    }

    /** {@code s} as a JSON string literal, escaped as serde_json does (what safetensors writes). */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of header, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws ParseException {
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describe() + ", expected a string key");
            }
            int keyAt = pos;
            String key = string();
            if (members.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key " + quote(key));
            }
            skipWhitespace();
            expect(':');
            members.put(key, value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                return members;
            } else {
                throw error("unexpected " + describe() + ", expected `,` or `}`");
            }
        }
    }

    private List<Object> array(int depth) throws ParseException {
        pos++; // [
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return items;
        }
        while (true) {
            items.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == ']') {
                pos++;
                return items;
            } else {
                throw error("unexpected " + describe() + ", expected `,` or `]`");
            }
        }
    }

    private String string() throws ParseException {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            } else if (c < 0x20) {
                pos--;
                throw error("control character U+" + String.format("%04X", (int) c) + " in a string");
            } else if (c != '\\') {
                out.append(c);
            } else {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> {
                        pos -= 2;
                        throw error("invalid escape `\\" + e + "`");
                    }
                }
            }
        }
    }

    private char hex4() throws ParseException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value; // surrogate pairs arrive as two escapes and join in the StringBuilder
    }

    private BigDecimal number() throws ParseException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("invalid number");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("invalid number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("invalid number");
            }
        }
        return new BigDecimal(text.substring(start, pos));
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe() + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) throws ParseException {
        if (peek() != c) {
            throw error("unexpected " + describe() + ", expected `" + c + "`");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe() {
        if (pos >= text.length()) {
            return "end of header";
        }
        char c = text.charAt(pos);
        return c < 0x20 || c == 0x7F ? String.format("character U+%04X", (int) c) : "`" + c + "`";
    }

    private ParseException error(String message) {
        return new ParseException(message, pos);
    }
}
