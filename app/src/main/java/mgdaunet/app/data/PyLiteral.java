package mgdaunet.app.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literal syntax that {@code .npy} headers use: a dict with string
 * keys whose values are strings, {@code True}/{@code False}, integers, and tuples or lists of those.
 * Strings become {@link String}, integers {@link Long}, booleans {@link Boolean}, tuples and lists
 * {@link List}. Anything else is an {@link IllegalArgumentException} saying where parsing stopped.
 */
final class PyLiteral {
    private final String s;
    private int pos;

    private PyLiteral(String s) {
        this.s = s;
    }

    static Map<String, Object> parseDict(String text) {
        PyLiteral p = new PyLiteral(text);
        Map<String, Object> dict = p.dict();
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the dict");
        return dict;
    }

    private Map<String, Object> dict() {
        expect('{');
        Map<String, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return out;
            }
            Object key = value();
            if (!(key instanceof String k)) throw error("dict key is not a string");
            expect(':');
            Object v = value();
            if (out.put(k, v) != null) throw error("key '" + k + "' appears twice");
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != '}') throw error("expected ',' or '}'");
        }
    }

    private List<Object> sequence(char close) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return out;
            }
            out.add(value());
            skipSpace();
            if (peek() == ',') pos++;
            else if (peek() != close) throw error("expected ',' or '" + close + "'");
        }
    }

    private Object value() {
        skipSpace();
        char c = peek();
        if (c == '\'' || c == '"') return string(c);
        if (c == '(') {
            pos++;
            return sequence(')');
        }
        if (c == '[') {
            pos++;
            return sequence(']');
        }
        if (c == '-' || Character.isDigit(c)) return integer();
        if (s.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (s.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw error("unexpected character");
    }

    private String string(char quote) {
        int start = ++pos;
        while (pos < s.length() && s.charAt(pos) != quote) {
            if (s.charAt(pos) == '\\') throw error("escapes in strings are not supported");
            pos++;
        }
        if (pos >= s.length()) throw error("unterminated string");
        return s.substring(start, pos++);
    }

    private Long integer() {
        int start = pos;
        if (peek() == '-') pos++;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
        String digits = s.substring(start, pos);
        if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) pos++; // Python 2 long suffix
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("bad integer '" + digits + "'");
        }
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at character " + pos);
    }
}
