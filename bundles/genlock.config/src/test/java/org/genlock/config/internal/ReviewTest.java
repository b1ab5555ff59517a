package org.genlock.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.genlock.api.config.ConfigurationCandidate;
import org.genlock.api.config.ConfigurationCheck;
import org.genlock.api.config.ConfigurationProblem;
import org.junit.jupiter.api.Test;

class ReviewTest {

	static final String PID = "genlock.channel~ch1";
	static final String FACTORY = "genlock.channel";
	static final Receiver TARGETS = new Receiver(List.of(), Set.of("device.target", "policy.target"));
	static final String FILE = "felix.fileinstall.filename";

	static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	/** A check answering with fixed problems and recording what it saw. */
	static final class Fixed implements ConfigurationCheck {
		final List<ConfigurationProblem> problems;
		final List<ConfigurationCandidate> seen = new ArrayList<>();

		Fixed(ConfigurationProblem... problems) {
			this.problems = List.of(problems);
		}

		@Override
		public List<ConfigurationProblem> check(ConfigurationCandidate candidate) {
			seen.add(candidate);
			return problems;
		}

		@Override
		public String subject(ConfigurationCandidate candidate) {
			return "channel " + candidate.text("channel.id");
		}
	}

	@Test
	void aTargetThatIsNoFilterKeepsThePreviousFilter() {
		Map<String, Object> previous = map("device.target", "(genlock.device.id=clock)", "policy.target", "(a=b)");
		Review.Outcome o = Review.review(PID, FACTORY, null,
				map("device.target", "garbage", "policy.target", "(genlock.policy.id=lowlatency", "other.target", "x"),
				previous, TARGETS, List.of());
		assertEquals("(genlock.device.id=clock)", o.delivered().get("device.target"));
		assertEquals("(a=b)", o.delivered().get("policy.target"));
		assertEquals("x", o.delivered().get("other.target"), "not a DS reference of the receiver: not checked");
		assertEquals(2, o.findings().size());
		assertTrue(o.findings().get(0).problem().reason().contains("not a valid LDAP filter"), o.findings().toString());
		assertFalse(o.wholeRejected());
	}

	@Test
	void aTargetWithoutAPreviousValueIsRemoved() {
		Review.Outcome o = Review.review(PID, FACTORY, null, map("device.target", "garbage"), Map.of(), TARGETS,
				List.of());
		assertFalse(o.delivered().containsKey("device.target"));
		assertNull(o.findings().get(0).kept());
	}

	@Test
	void aWholeRefusalKeepsTheWholePreviousConfigurationAndTheIdentity() {
		Fixed check = new Fixed(ConfigurationProblem.whole("incomplete: no channel.id"));
		Map<String, Object> previous = map("channel.id", "ch1", "format", "1080p50");
		Review.Outcome o = Review.review(PID, FACTORY, "configs/genlock.channel-ch1.cfg",
				map("service.pid", PID, FILE, "file:/x/configs/genlock.channel-ch1.cfg", "program", "bars"), previous,
				TARGETS, List.of(check));
		assertTrue(o.wholeRejected());
		assertEquals(map("service.pid", PID, FILE, "file:/x/configs/genlock.channel-ch1.cfg", "channel.id", "ch1",
				"format", "1080p50"), o.delivered());
		assertEquals("configs/genlock.channel-ch1.cfg", check.seen.get(0).origin());
		assertEquals(previous, check.seen.get(0).previous());
	}

	@Test
	void aWholeRefusalOfAFirstConfigurationDeliversOnlyItsIdentity() {
		Review.Outcome o = Review.review(PID, FACTORY, null, map("service.pid", PID, "channel.id", "ch1"), Map.of(),
				TARGETS, List.of(new Fixed(ConfigurationProblem.whole("duplicate"))));
		assertEquals(Map.of("service.pid", PID), o.delivered());
	}

	@Test
	void aCheckSeesTheValuesAfterThePerKeyChecksAndItsKeyProblemsKeepThePreviousValue() {
		Fixed check = new Fixed(ConfigurationProblem.of("program", "zoneplat", "no shader 'zoneplat'"));
		Review.Outcome o = Review.review(PID, FACTORY, null,
				map("channel.id", "ch1", "program", "zoneplat", "device.target", "bad"),
				map("program", "bars", "device.target", "(a=b)"), TARGETS, List.of(check));
		assertEquals("(a=b)", check.seen.get(0).properties().get("device.target"));
		assertEquals("bars", o.delivered().get("program"));
		assertEquals("ch1", o.delivered().get("channel.id"));
		assertEquals("channel ch1", o.subject());
	}

	@Test
	void aFailingCheckDoesNotBlockTheConfiguration() {
		ConfigurationCheck broken = c -> {
			throw new IllegalStateException("bug");
		};
		Review.Outcome o = Review.review(PID, FACTORY, null, map("channel.id", "ch1"), Map.of(), TARGETS,
				List.of(broken));
		assertEquals(map("channel.id", "ch1"), o.delivered());
		assertTrue(o.findings().isEmpty());
	}
}
