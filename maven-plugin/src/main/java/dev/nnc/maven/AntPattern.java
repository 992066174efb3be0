package dev.nnc.maven;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as Maven's {@code <includes>} and {@code <excludes>} take them: {@code *}
 * matches within one folder, {@code ?} one character, {@code **} any number of folders (none included),
 * and a pattern ending in {@code /} means everything below that folder. Paths are relative and use
 * {@code /}.
 */
final class AntPattern {
    private final String text;
    private final Pattern regex;

    private AntPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    static AntPattern of(String pattern) {
        String p = pattern.trim().replace('\\', '/');
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.endsWith("/")) {
            p += "**";
        }
        String[] segments = p.split("/", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            String segment = segments[i];
            if (segment.equals("**")) {
                re.append(last ? ".*" : "(?:.*/)?");
                continue;
            }
            StringBuilder literal = new StringBuilder();
            for (char c : segment.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        re.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    re.append(c == '*' ? "[^/]*" : "[^/]");
                } else {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                re.append(Pattern.quote(literal.toString()));
            }
            if (!last) {
                re.append('/');
            }
        }
        return new AntPattern(pattern, Pattern.compile(re.toString()));
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
