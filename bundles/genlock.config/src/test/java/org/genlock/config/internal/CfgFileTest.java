package org.genlock.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

	@TempDir
	Path dir;

	private Properties load(Path f) throws Exception {
		Properties p = new Properties();
		try (Reader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
			p.load(r);
		}
		return p;
	}

	@Test
	void replacesTheKeyLineAndKeepsCommentsAndOrder() throws Exception {
		Path f = dir.resolve("genlock.channel-ch1.cfg");
		Files.write(f, List.of("# Channel ch1", "channel.id=ch1", "program=bars | timecode",
				"# Which providers", "policy.target=(genlock.policy.id=standard)", "strategy.target = x"));
		CfgFile.set(f, "policy.target", "(genlock.policy.id=lowlatency)");
		CfgFile.set(f, "program", "bars | timecode(size=1.5, label=\"a\\\\b\")@0.8");
		assertEquals(List.of("# Channel ch1", "channel.id=ch1", "program=bars | timecode(size=1.5, label=\"a\\\\\\\\b\")@0.8",
				"# Which providers", "policy.target=(genlock.policy.id=lowlatency)", "strategy.target = x"),
				Files.readAllLines(f));
		Properties p = load(f);
		assertEquals("(genlock.policy.id=lowlatency)", p.getProperty("policy.target"));
		assertEquals("bars | timecode(size=1.5, label=\"a\\\\b\")@0.8", p.getProperty("program"));
		assertEquals("ch1", p.getProperty("channel.id"));
	}

	@Test
	void appendsAMissingKeyAndEscapesWhatPropertiesFilesNeed() throws Exception {
		Path f = dir.resolve("x.cfg");
		Files.write(f, List.of("a=1"));
		CfgFile.set(f, "renderer.target", " (x=é\u20ac)\n#");
		assertEquals(" (x=é\u20ac)\n#", load(f).getProperty("renderer.target"));
		assertEquals("1", load(f).getProperty("a"));
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "no temporary file left behind");
		}
	}
}
