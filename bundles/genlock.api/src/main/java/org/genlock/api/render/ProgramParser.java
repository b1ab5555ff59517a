package org.genlock.api.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * Parses the {@code program} text of a channel configuration into an immutable
 * {@link Program}.
 *
 * <pre>
 * program   := [ layer { '|' layer } ]                 bottom layer first
 * layer     := shaderId [ '(' [ param { ',' param } ] ')' ] [ '@' opacity ]
 * shaderId  := [A-Za-z0-9_.-]+
 * param     := name '=' value                           name: [A-Za-z_][A-Za-z0-9_]*
 * value     := integer                  -&gt; Long       e.g. 3, -2
 *            | decimal                  -&gt; Double     e.g. 1.5, -0.25, 2e3
 *            | true | false             -&gt; Boolean
 *            | '"' text '"'             -&gt; String     (\" and \\ escape)
 *            | '[' number { ',' number } ']' -&gt; float[1..4] (colours, vectors)
 *            | word                     -&gt; String     e.g. left
 * opacity   := decimal in 0..1 (default 1)
 * </pre>
 *
 * followed optionally by the mixed audio layers:
 *
 * <pre>
 * program   := [ layers ] [ ';' 'audio' ':' [ audioLayer { '+' audioLayer } ] ]
 * audioLayer:= sourceId [ '(' [ param { ',' param } ] ')' ] [ '@' gain ]   gain 0..1 linear
 * </pre>
 *
 * Example: {@code bars | timecode(size=1.5, position=bottom)@0.8 ; audio: lineup(level=-18)}. White space between
 * tokens is ignored. Errors name the column and what was expected.
 */
final class ProgramParser {

	// Read through Program.parse; package-private so the grammar has one implementation.

	private final String text;
	private int pos;

	private ProgramParser(String text) {
		this.text = text;
	}

	/**
	 * Parses a program; blank text is {@link Program#EMPTY}.
	 *
	 * @throws IllegalArgumentException with the column and what was expected
	 */
	static Program parse(String text) {
		if (text == null || text.isBlank()) {
			return Program.EMPTY;
		}
		return new ProgramParser(text).program();
	}

	private Program program() {
		List<Layer> layers = new ArrayList<>();
		skipSpace();
		if (peek() != ';') {
			layers.add(layer(false));
			skipSpace();
			while (pos < text.length() && peek() != ';') {
				expect('|', "'|' before the next layer, '; audio:' or the end of the program");
				layers.add(layer(false));
				skipSpace();
			}
		}
		List<Layer> audio = new ArrayList<>();
		if (accept(';')) {
			skipSpace();
			int at = pos;
			if (!word(ProgramParser::isNameChar).equals("audio")) {
				throw error(at, "expected 'audio:' after ';'");
			}
			skipSpace();
			expect(':', "':' after 'audio'");
			skipSpace();
			if (pos < text.length()) {
				audio.add(layer(true));
				skipSpace();
				while (pos < text.length()) {
					expect('+', "'+' before the next audio layer or the end of the program");
					audio.add(layer(true));
					skipSpace();
				}
			}
		}
		return new Program(layers, audio);
	}

	private Layer layer(boolean audio) {
		String kind = audio ? "audio source" : "shader";
		String weight = audio ? "gain" : "opacity";
		skipSpace();
		int start = pos;
		String shaderId = word(ProgramParser::isIdChar);
		if (shaderId.isEmpty()) {
			throw error(start, "expected " + (audio ? "an " : "a ") + kind + " id ([A-Za-z0-9_.-]+)");
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		skipSpace();
		if (peek() == '(') {
			pos++;
			skipSpace();
			if (peek() != ')') {
				do {
					parameter(shaderId, parameters);
					skipSpace();
				} while (accept(','));
			}
			expect(')', "',' or ')' in the parameters of layer '" + shaderId + "'");
			skipSpace();
		}
		float opacity = 1f;
		if (accept('@')) {
			skipSpace();
			int at = pos;
			String number = word(c -> isNumberChar(c) && c != '+');
			double o;
			try {
				o = Double.parseDouble(number);
			} catch (NumberFormatException e) {
				throw error(at, "expected " + (audio ? "a " : "an ") + weight + " 0..1 after '@' of layer '" + shaderId + "'");
			}
			if (!(o >= 0 && o <= 1)) {
				throw error(at, weight + " " + number + " of layer '" + shaderId + "' must be in 0..1");
			}
			opacity = (float) o;
		}
		try {
			return new Layer(shaderId, parameters, opacity, true);
		} catch (IllegalArgumentException e) {
			throw error(start, e.getMessage());
		}
	}

	private void parameter(String shaderId, Map<String, Object> parameters) {
		skipSpace();
		int start = pos;
		String name = word(ProgramParser::isNameChar);
		if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
			throw error(start, "expected a parameter name ([A-Za-z_][A-Za-z0-9_]*) in layer '" + shaderId + "'");
		}
		skipSpace();
		expect('=', "'=' after parameter '" + name + "' of layer '" + shaderId + "'");
		skipSpace();
		Object value = value(shaderId, name);
		if (parameters.put(name, value) != null) {
			throw error(start, "parameter '" + name + "' of layer '" + shaderId + "' is given twice");
		}
	}

	private Object value(String shaderId, String name) {
		int start = pos;
		char c = peek();
		String where = "parameter '" + name + "' of layer '" + shaderId + "'";
		if (c == '"') {
			return quoted(where);
		}
		if (c == '[') {
			pos++;
			List<Float> components = new ArrayList<>();
			do {
				skipSpace();
				int at = pos;
				String number = word(ProgramParser::isNumberChar);
				try {
					components.add(Float.parseFloat(number));
				} catch (NumberFormatException e) {
					throw error(at, "expected a number in the vector of " + where);
				}
				skipSpace();
			} while (accept(','));
			expect(']', "',' or ']' in the vector of " + where);
			if (components.size() > 4) {
				throw error(start, "the vector of " + where + " has " + components.size()
						+ " components but may have 1..4");
			}
			float[] v = new float[components.size()];
			for (int i = 0; i < v.length; i++) {
				v[i] = components.get(i);
			}
			return v;
		}
		String word = word(ch -> ch != ',' && ch != ')' && ch != '|' && ch != '@' && ch != ';' && !Character.isWhitespace(ch));
		if (word.isEmpty()) {
			throw error(start, "expected a value for " + where);
		}
		if (word.equals("true") || word.equals("false")) {
			return Boolean.valueOf(word);
		}
		if (isNumberChar(word.charAt(0)) && word.chars().allMatch(ch -> isNumberChar((char) ch))) {
			try {
				if (word.indexOf('.') < 0 && word.indexOf('e') < 0 && word.indexOf('E') < 0) {
					return Long.parseLong(word);
				}
				double d = Double.parseDouble(word);
				if (!Double.isFinite(d)) {
					throw error(start, "value " + word + " of " + where + " is not a finite number");
				}
				return d;
			} catch (NumberFormatException e) {
				throw error(start, "value '" + word + "' of " + where + " is not a number");
			}
		}
		return word;
	}

	private String quoted(String where) {
		int start = pos;
		pos++;
		StringBuilder b = new StringBuilder();
		while (pos < text.length()) {
			char c = text.charAt(pos++);
			if (c == '"') {
				return b.toString();
			}
			if (c == '\\' && pos < text.length()) {
				c = text.charAt(pos++);
			}
			b.append(c);
		}
		throw error(start, "unterminated string in " + where + "; close it with '\"'");
	}

	private interface CharTest {
		boolean test(char c);
	}

	private String word(CharTest test) {
		int start = pos;
		while (pos < text.length() && test.test(text.charAt(pos))) {
			pos++;
		}
		return text.substring(start, pos);
	}

	/** Whether a string value reads back as the same string without quotes. */
	static boolean isPlainWord(String s) {
		if (s.isEmpty() || s.equals("true") || s.equals("false") || isNumberChar(s.charAt(0))) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == ',' || c == ')' || c == '|' || c == '@' || c == ';' || c == '+' || c == '"' || c == '(' || c == '[' || Character.isWhitespace(c)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isIdChar(char c) {
		return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
	}

	private static boolean isNameChar(char c) {
		return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
	}

	private static boolean isNumberChar(char c) {
		return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
	}

	private char peek() {
		return pos < text.length() ? text.charAt(pos) : '\0';
	}

	private boolean accept(char c) {
		if (peek() == c) {
			pos++;
			return true;
		}
		return false;
	}

	private void expect(char c, String expected) {
		if (!accept(c)) {
			throw error(pos, "expected " + expected + (pos < text.length() ? " but found '" + text.charAt(pos) + "'"
					: " but the program ended"));
		}
	}

	private void skipSpace() {
		while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
			pos++;
		}
	}

	private IllegalArgumentException error(int at, String message) {
		return new IllegalArgumentException("program \"" + text + "\": at column " + (at + 1) + ": " + message
				+ "; syntax: shaderId[(name=value, ...)][@opacity] | ... [; audio: sourceId[(name=value, ...)][@gain] + ...]"
				+ " (bottom layer first)");
	}
}
