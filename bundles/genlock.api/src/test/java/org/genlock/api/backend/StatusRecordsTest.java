package org.genlock.api.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.api.Test;

class StatusRecordsTest {

	@Test
	void poolInvariantIsReportedNotEnforced() {
		assertTrue(new PoolStatus(12, 3, 1, 4, 4, 0).invariantHolds());
		assertTrue(new PoolStatus(12, 2, 1, 4, 4, 1).invariantHolds());
		PoolStatus broken = new PoolStatus(12, 3, 1, 4, 4, 1); // one slot counted twice
		assertFalse(broken.invariantHolds());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PoolStatus(12, -1, 0, 0, 0, 0));
		assertTrue(e.getMessage().contains("free is -1"), e.getMessage());
	}

	@Test
	void countersRejectNegatives() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new FrameCounters(0, 0, 0, 0, 0, 0, 0, -3, 0, 0));
		assertTrue(e.getMessage().contains("dropped is -3"), e.getMessage());
	}

	@Test
	void channelStatus() {
		ChannelStatus s = new ChannelStatus("ch1", BackendState.RUNNING, VideoFormat.parse("1080p50"), "clock", null, null,
				null, 42, FrameCounters.ZERO, 2, 2, 4, new PoolStatus(12, 12, 0, 0, 0, 0), Instant.EPOCH);
		assertEquals("1080p50", s.format().name());
		assertThrows(IllegalArgumentException.class, () -> new ChannelStatus(" ", BackendState.RUNNING, null, null, null,
				null, null, -1, FrameCounters.ZERO, 0, 0, 0, new PoolStatus(0, 0, 0, 0, 0, 0), Instant.EPOCH));
		assertThrows(IllegalArgumentException.class, () -> new ChannelStatus("ch1", BackendState.RUNNING, null, null, null,
				null, null, -1, FrameCounters.ZERO, -1, 0, 0, new PoolStatus(0, 0, 0, 0, 0, 0), Instant.EPOCH));
	}

	@Test
	void engineCountersAndRenderFeedRejectImpossibleValues() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new EngineCounters(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0));
		assertTrue(e.getMessage().contains("readyDrops is -1"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new RenderFeedStatus("gl", null, -2, 0, null, null));
		assertThrows(IllegalArgumentException.class, () -> new RenderFeedStatus("gl", null, 1, -1, null, null));
	}

	@Test
	void theShortChannelStatusConstructorFillsTheEngineDetailsOf12WithNothing() {
		ChannelStatus s = new ChannelStatus("ch1", BackendState.RUNNING, null, null, null, null, null, -1,
				FrameCounters.ZERO, 0, 0, 0, new PoolStatus(0, 0, 0, 0, 0, 0), Instant.EPOCH);
		assertEquals(EngineCounters.ZERO, s.engine());
		assertEquals(RenderFeedStatus.NONE, s.render());
		assertEquals(0, s.outputLatencyNanos());
		assertThrows(IllegalArgumentException.class, () -> new ChannelStatus("ch1", BackendState.RUNNING, null, null,
				null, null, null, -1, FrameCounters.ZERO, 0, 0, 0, new PoolStatus(0, 0, 0, 0, 0, 0), Instant.EPOCH,
				EngineCounters.ZERO, RenderFeedStatus.NONE, null, -1));
	}
}
