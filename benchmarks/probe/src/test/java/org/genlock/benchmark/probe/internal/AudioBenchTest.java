package org.genlock.benchmark.probe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AudioBenchTest {

	private static AudioBench.Figures figures(AudioBench.Phase phase, double processMs, double completionMs,
			double meterMs) {
		return new AudioBench.Figures(phase, 15, 750, 750, 0, 0, 0, processMs, completionMs, meterMs, 1.5, 0, 0,
				Double.isNaN(meterMs) ? Double.NaN : 0, 1, Double.isNaN(meterMs) ? 0 : 750, 0, 0,
				Double.isNaN(meterMs) ? Double.NaN : -18.0, Double.isNaN(meterMs) ? Double.NaN : -18.0, 3.5, 4.0);
	}

	@Test
	void oneRowPerPhaseThenTheRatioOfSixteenChannelsToVideoOnly() {
		Report r = new Report();
		List<AudioBench.Phase> p = AudioBench.PHASES;
		AudioBench.report(r, List.of(figures(p.get(0), 2.0, 0.2, Double.NaN), figures(p.get(1), 2.5, 0.3, 0.1),
				figures(p.get(2), 3.0, 0.6, 0.4)), 15);
		List<Report.Row> rows = r.rows();
		assertEquals(4, rows.size());
		assertTrue(rows.get(0).measure().startsWith("Audio: (a) video only"), rows.get(0).measure());
		assertTrue(rows.get(1).measure().startsWith("Audio: (b) bars and tone, 2 channels"), rows.get(1).measure());
		assertTrue(rows.get(2).measure().startsWith("Audio: (c) bars and tone, 16 channels"), rows.get(2).measure());
		assertEquals("1.50 x (completion worker 3.00 x)", rows.get(3).ratio());
		assertTrue(rows.get(0).genlock().contains("meter no thread"), rows.get(0).genlock());
		String md = r.markdown("T");
		assertFalse(md.contains("NaN"), md);
		@SuppressWarnings("unchecked")
		Map<String, Object> a = (Map<String, Object>) r.section("audio").get("videoOnly");
		assertTrue(Double.isNaN((Double) a.get("meterCpuMsPerFrame")));
		assertTrue(r.json().contains("\"meterCpuMsPerFrame\": null"));
	}
}
