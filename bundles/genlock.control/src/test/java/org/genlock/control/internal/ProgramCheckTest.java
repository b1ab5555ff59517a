package org.genlock.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.genlock.api.control.ControlException;
import org.genlock.api.control.ControlException.Reason;
import org.genlock.api.shader.ParameterType;
import org.genlock.api.shader.ShaderInfo;
import org.genlock.api.shader.ShaderParameter;
import org.junit.jupiter.api.Test;

class ProgramCheckTest {

	private static final Map<String, ShaderInfo> SHADERS = Map.of(
			"bars", new ShaderInfo("bars", "Colour bars", "1.0", List.of()),
			"timecode", new ShaderInfo("timecode", "Timecode", "1.0",
					List.of(new ShaderParameter("size", ParameterType.FLOAT, 0.5, 4.0, 1.0, "Size"))));

	@Test
	void aValidProgramComesBackCanonical() throws ControlException {
		assertEquals("bars | timecode(size=2.0)@0.5",
				ProgramCheck.check(" bars|timecode(size=2.0)@0.5", SHADERS, 16).toText());
		assertEquals("", ProgramCheck.check("", SHADERS, 16).toText());
	}

	@Test
	void moreLayersThanTheChannelAllowsAreRejected() throws ControlException {
		String sixteen = String.join(" | ", java.util.Collections.nCopies(16, "bars"));
		assertEquals(16, ProgramCheck.check(sixteen, SHADERS, 16).layers().size());
		ControlException e = assertThrows(ControlException.class,
				() -> ProgramCheck.check(sixteen + " | bars", SHADERS, 16));
		assertTrue(e.getMessage().contains("17 layers; the channel allows at most 16"), e.getMessage());
		assertThrows(ControlException.class, () -> ProgramCheck.check("bars | bars", SHADERS, 1));
	}

	@Test
	void syntaxErrorsNameTheColumn() {
		ControlException e = assertThrows(ControlException.class, () -> ProgramCheck.check("bars |", SHADERS, 16));
		assertEquals(Reason.INVALID, e.reason());
		assertTrue(e.getMessage().contains("column 7"), e.getMessage());
	}

	@Test
	void unknownShadersNameTheRegisteredOnes() {
		ControlException e = assertThrows(ControlException.class, () -> ProgramCheck.check("bars | nope", SHADERS, 16));
		assertTrue(e.getMessage().contains("layer 2 'nope'"), e.getMessage());
		assertTrue(e.getMessage().contains("registered shaders: bars, timecode"), e.getMessage());
		assertEquals(List.of("bars", "timecode"), e.allowed());
	}

	@Test
	void unknownParametersNameTheDeclaredOnes() {
		ControlException e = assertThrows(ControlException.class,
				() -> ProgramCheck.check("timecode(colour=1)", SHADERS, 16));
		assertTrue(e.getMessage().contains("no parameter 'colour'; its parameters: size"), e.getMessage());
	}

	@Test
	void valuesOutOfRangeOrOfTheWrongTypeAreRejected() {
		ControlException e = assertThrows(ControlException.class,
				() -> ProgramCheck.check("timecode(size=9)", SHADERS, 16));
		assertTrue(e.getMessage().contains("size"), e.getMessage());
		assertThrows(ControlException.class, () -> ProgramCheck.check("timecode(size=big)", SHADERS, 16));
	}
}
