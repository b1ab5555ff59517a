package org.genlock.api.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProgramParserTest {

	@Test
	void blankIsTheEmptyProgram() {
		assertSame(Program.EMPTY, ProgramParser.parse("  "));
		assertSame(Program.EMPTY, ProgramParser.parse(null));
	}

	@Test
	void layersBottomFirstWithParametersAndOpacity() {
		Program p = ProgramParser.parse("bars | timecode(size=1.5, lines=3, on=true, pos=bottom, label=\"a, b\")@0.5");
		assertEquals(2, p.layers().size());
		assertEquals(new Layer("bars", Map.of()), p.layers().get(0));
		Layer tc = p.layers().get(1);
		assertEquals("timecode", tc.shaderId());
		assertEquals(0.5f, tc.opacity());
		assertEquals(1.5, tc.parameters().get("size"));
		assertEquals(3L, tc.parameters().get("lines"));
		assertEquals(Boolean.TRUE, tc.parameters().get("on"));
		assertEquals("bottom", tc.parameters().get("pos"));
		assertEquals("a, b", tc.parameters().get("label"));
	}

	@Test
	void vectorsAndNegativeNumbers() {
		Layer l = ProgramParser.parse("solid(color=[0.5, 0, 0, 0.5], offset=-2, gain=-0.25, big=2e3)").layers().get(0);
		assertArrayEquals(new float[] { 0.5f, 0f, 0f, 0.5f }, (float[]) l.parameters().get("color"));
		assertEquals(-2L, l.parameters().get("offset"));
		assertEquals(-0.25, l.parameters().get("gain"));
		assertEquals(2000.0, l.parameters().get("big"));
	}

	@Test
	void emptyParameterListAndSpacing() {
		Layer l = ProgramParser.parse("  clock-face.v2 ( ) @ 1 ").layers().get(0);
		assertEquals("clock-face.v2", l.shaderId());
		assertTrue(l.parameters().isEmpty());
	}

	private static String error(String program) {
		return assertThrows(IllegalArgumentException.class, () -> ProgramParser.parse(program)).getMessage();
	}

	@Test
	void errorsNameTheColumnAndWhatWasExpected() {
		assertTrue(error("bars |").contains("column 7: expected a shader id"), error("bars |"));
		assertTrue(error("timecode(size=)").contains("column 15: expected a value for parameter 'size'"),
				error("timecode(size=)"));
		assertTrue(error("timecode(size 2)").contains("expected '=' after parameter 'size'"));
		assertTrue(error("timecode(size=2").contains("but the program ended"));
		assertTrue(error("bars@1.5").contains("opacity 1.5 of layer 'bars' must be in 0..1"));
		assertTrue(error("bars@x").contains("expected an opacity"));
		assertTrue(error("bars bars").contains("expected '|'"));
		assertTrue(error("t(a=1, a=2)").contains("given twice"));
		assertTrue(error("t(c=[1,2,3,4,5])").contains("5 components but may have 1..4"));
		assertTrue(error("t(s=\"open)").contains("unterminated string"));
		assertTrue(error("t(1x=2)").contains("expected a parameter name"));
	}

	@Test
	void canonicalTextReadsBackToAnEqualProgram() {
		String[] texts = { "", "bars", "bars | timecode(size=1.5, on=true, position=bottom)@0.5",
				"zoneplate(label=\"a, b \\\"q\\\"\", word=east, n=-3, colour=[1.0, 0.5, 0.0, 1.0])",
				"slate(text=\"true\", n=\"12\")" };
		for (String text : texts) {
			Program p = Program.parse(text);
			assertEquals(p, Program.parse(p.toText()), () -> text + " -> " + p.toText());
		}
		assertEquals("bars | timecode(size=1.5)@0.8", Program.parse(" bars|timecode( size = 1.5 )@0.8 ").toText());
	}

	@Test
	void parseThroughTheProgramTypeNamesTheColumn() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Program.parse("bars |"));
		assertTrue(e.getMessage().contains("column 7"), e.getMessage());
	}

	@Test
	void audioLayersFollowTheShaderLayersAndReadBack() {
		Program p = ProgramParser.parse("bars | timecode ; audio: tone(freq=1000, level=-18) + sync@0.5");
		assertEquals(2, p.layers().size());
		assertEquals(2, p.audio().size());
		Layer tone = p.audio().get(0);
		assertEquals("tone", tone.shaderId());
		assertEquals(1000L, tone.parameters().get("freq"));
		assertEquals(-18L, tone.parameters().get("level"));
		assertEquals(0.5f, p.audio().get(1).opacity());
		assertEquals("bars | timecode ; audio: tone(freq=1000, level=-18) + sync@0.5", p.toText());
		assertEquals(p, ProgramParser.parse(p.toText()));

		Program audioOnly = ProgramParser.parse(" ; audio: silence");
		assertTrue(audioOnly.layers().isEmpty());
		assertEquals("silence", audioOnly.audio().get(0).shaderId());
		assertEquals(audioOnly, ProgramParser.parse(audioOnly.toText()));

		Program noAudio = ProgramParser.parse("bars ; audio:");
		assertTrue(noAudio.audio().isEmpty());
		assertEquals(new Program(ProgramParser.parse("bars").layers()), noAudio);
	}

	@Test
	void audioErrorsNameWhatWasExpected() {
		assertTrue(error("bars ; sound: tone").contains("expected 'audio:' after ';'"), error("bars ; sound: tone"));
		assertTrue(error("bars ; audio tone").contains("':' after 'audio'"), error("bars ; audio tone"));
		assertTrue(error("bars ; audio: tone +").contains("expected an audio source id"), error("bars ; audio: tone +"));
		assertTrue(error("bars ; audio: tone tone").contains("expected '+'"), error("bars ; audio: tone tone"));
		assertTrue(error("bars ; audio: tone@2").contains("gain 2 of layer 'tone' must be in 0..1"),
				error("bars ; audio: tone@2"));
	}
}
