package org.genlock.deploy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OSGi manifest header split into clauses (Core specification 3.2.4): paths, then
 * {@code name=value} attributes and {@code name:=value} directives, values optionally quoted.
 * Only what the requirement check reads; the framework parses the header again on install.
 */
record Header(List<String> paths, Map<String, String> attributes, Map<String, String> directives) {

	static List<Header> parse(String header) {
		List<Header> out = new ArrayList<>();
		if (header == null || header.isBlank()) {
			return out;
		}
		for (String clause : split(header, ',')) {
			if (clause.isBlank()) {
				continue;
			}
			List<String> paths = new ArrayList<>();
			Map<String, String> attrs = new LinkedHashMap<>();
			Map<String, String> dirs = new LinkedHashMap<>();
			for (String part : split(clause, ';')) {
				String p = part.strip();
				int eq = indexOutsideQuotes(p, '=');
				if (eq < 0) {
					paths.add(p);
				} else if (eq > 0 && p.charAt(eq - 1) == ':') {
					dirs.put(p.substring(0, eq - 1).strip(), unquote(p.substring(eq + 1).strip()));
				} else {
					String name = p.substring(0, eq).strip();
					int colon = name.indexOf(':');
					attrs.put(colon < 0 ? name : name.substring(0, colon).strip(), unquote(p.substring(eq + 1).strip()));
				}
			}
			out.add(new Header(paths, attrs, dirs));
		}
		return out;
	}

	private static List<String> split(String s, char sep) {
		List<String> parts = new ArrayList<>();
		boolean quoted = false;
		int start = 0;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			} else if (c == sep && !quoted) {
				parts.add(s.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(s.substring(start));
		return parts;
	}

	private static int indexOutsideQuotes(String s, char wanted) {
		boolean quoted = false;
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			} else if (c == wanted && !quoted) {
				return i;
			}
		}
		return -1;
	}

	private static String unquote(String v) {
		return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
	}
}
