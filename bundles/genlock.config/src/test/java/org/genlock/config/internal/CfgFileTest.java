package org.genlock.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

	@TempDir
	Path dir;

	private static Properties load(String text) throws Exception {
		Properties p = new Properties();
		p.load(new StringReader(text));
		return p;
	}

	private static Map<String, String> changes(String... kv) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put(kv[i], kv[i + 1]);
		}
		return m;
	}

	@Test
	void replacesTheKeyLinesAndKeepsCommentsAndOrder() throws Exception {
		String text = String.join("\n", "# Channel ch1", "channel.id=ch1", "program=bars | timecode",
				"# Which providers", "policy.target=(genlock.policy.id=standard)", "strategy.target = x") + "\n";
		String out = CfgFile.apply(text, changes("policy.target", "(genlock.policy.id=lowlatency)",
				"program", "bars | timecode(size=1.5, label=\"a\\\\b\")@0.8"));
		assertEquals(String.join("\n", "# Channel ch1", "channel.id=ch1",
				"program=bars | timecode(size=1.5, label=\"a\\\\\\\\b\")@0.8", "# Which providers",
				"policy.target=(genlock.policy.id=lowlatency)", "strategy.target = x") + "\n", out);
		Properties p = load(out);
		assertEquals("(genlock.policy.id=lowlatency)", p.getProperty("policy.target"));
		assertEquals("bars | timecode(size=1.5, label=\"a\\\\b\")@0.8", p.getProperty("program"));
		assertEquals(Map.of("channel.id", "ch1", "program", "bars | timecode(size=1.5, label=\"a\\\\b\")@0.8",
				"policy.target", "(genlock.policy.id=lowlatency)", "strategy.target", "x"), CfgFile.parse(out));
	}

	@Test
	void appendsAMissingKeyRemovesANullOneAndEscapesWhatPropertiesFilesNeed() throws Exception {
		String out = CfgFile.apply("a=1\nb=2\n", changes("renderer.target", " (x=é\u20ac)\n#", "b", null));
		assertEquals(" (x=é\u20ac)\n#", load(out).getProperty("renderer.target"));
		assertEquals("1", load(out).getProperty("a"));
		assertEquals(null, load(out).getProperty("b"));
	}

	@Test
	void aValueOnContinuationLinesIsReplacedWhole() throws Exception {
		String text = "# a comment ending in a backslash \\\nprogram=bars \\\n  | timecode\nformat=1080p50\n";
		String out = CfgFile.apply(text, changes("program", "bars"));
		assertEquals("# a comment ending in a backslash \\\nprogram=bars\nformat=1080p50\n", out);
	}

	@Test
	void writeReplacesAtomicallyAndKeepsTheFileMode() throws Exception {
		Path f = dir.resolve("x.cfg");
		Files.writeString(f, "a=1\n");
		Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
		CfgFile.write(f, "a=2\n", CfgFile.OWNER_ONLY);
		assertEquals("a=2\n", Files.readString(f));
		assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
		Path created = dir.resolve("new.cfg");
		CfgFile.write(created, "b=1\n", CfgFile.OWNER_ONLY);
		assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
		try (var files = Files.list(dir)) {
			assertEquals(List.of("new.cfg", "x.cfg"), files.map(p -> p.getFileName().toString()).sorted().toList(),
					"no temporary file left behind");
		}
	}
}
