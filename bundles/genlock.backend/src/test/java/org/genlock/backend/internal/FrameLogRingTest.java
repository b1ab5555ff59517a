package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.genlock.api.backend.FrameRecordVisitor;
import org.genlock.api.device.CompletionResult;
import org.genlock.api.playout.FrameOutcome;
import org.junit.jupiter.api.Test;

class FrameLogRingTest {

	static final class Recorder implements FrameRecordVisitor {
		final List<long[]> records = new ArrayList<>();
		final List<FrameOutcome> outcomes = new ArrayList<>();
		final List<CompletionResult> results = new ArrayList<>();
		long lost;
		int overruns;

		@Override
		public void frame(long sequence, long displayIndex, FrameOutcome outcome, CompletionResult result,
				long latenessNanos, long renderNanos, long rendererGeneration, long policyGeneration,
				long strategyGeneration, long programGeneration) {
			records.add(new long[] { sequence, displayIndex, latenessNanos, renderNanos, rendererGeneration,
					policyGeneration, strategyGeneration, programGeneration });
			outcomes.add(outcome);
			results.add(result);
		}

		@Override
		public void overrun(long n) {
			lost += n;
			overruns++;
		}
	}

	private static void write(FrameLogRing log, long index) {
		log.append(index, index % 5 == 0 ? FrameOutcome.SKIP : FrameOutcome.FRESH,
				index % 5 == 0 ? null : CompletionResult.COMPLETED, index * 10, index * 100, 1, 2, 3, 4);
	}

	@Test
	void readsEveryFieldInOrder() {
		FrameLogRing log = new FrameLogRing(8);
		for (int i = 0; i < 3; i++) {
			write(log, i);
		}
		Recorder r = new Recorder();
		assertEquals(3, log.read(0, r, 100));
		assertEquals(3, r.records.size());
		assertEquals(FrameOutcome.SKIP, r.outcomes.get(0));
		assertNull(r.results.get(0));
		assertEquals(CompletionResult.COMPLETED, r.results.get(1));
		long[] second = r.records.get(1);
		assertEquals(1, second[0]);
		assertEquals(1, second[1]);
		assertEquals(10, second[2]);
		assertEquals(100, second[3]);
		assertEquals(4, second[7]);
	}

	@Test
	void maxLimitsAndCursorContinues() {
		FrameLogRing log = new FrameLogRing(8);
		for (int i = 0; i < 5; i++) {
			write(log, i);
		}
		Recorder r = new Recorder();
		long c = log.read(0, r, 2);
		assertEquals(2, c);
		c = log.read(c, r, 0);
		assertEquals(2, c, "max <= 0 delivers nothing");
		c = log.read(c, r, 10);
		assertEquals(5, c);
		assertEquals(5, r.records.size());
	}

	@Test
	void overrunTellsHowManyWereLost() {
		FrameLogRing log = new FrameLogRing(4);
		for (int i = 0; i < 10; i++) {
			write(log, i);
		}
		assertEquals(6, log.oldest());
		Recorder r = new Recorder();
		long c = log.read(1, r, 100);
		assertEquals(10, c);
		assertEquals(5, r.lost);
		assertEquals(1, r.overruns);
		assertEquals(6, r.records.get(0)[1]);
	}

	@Test
	void cursorBeyondHeadIsRejected() {
		FrameLogRing log = new FrameLogRing(4);
		assertThrows(IllegalArgumentException.class, () -> log.read(1, new Recorder(), 1));
		assertThrows(IllegalArgumentException.class, () -> log.read(-1, new Recorder(), 1));
		assertThrows(IllegalArgumentException.class, () -> new FrameLogRing(3));
	}

	@Test
	void concurrentReaderNeverSeesATornRecord() throws Exception {
		FrameLogRing log = new FrameLogRing(16);
		AtomicBoolean done = new AtomicBoolean();
		AtomicReference<String> problem = new AtomicReference<>();
		Thread reader = new Thread(() -> {
			long cursor = 0;
			FrameRecordVisitor v = (seq, idx, o, res, late, render, rg, pg, sg, prg) -> {
				// every field of record i is derived from i: a torn record would mix two
				if (idx != seq || late != idx * 10 || render != idx * 100) {
					problem.compareAndSet(null, "torn record " + seq + ": " + idx + "/" + late + "/" + render);
				}
			};
			while (!done.get()) {
				cursor = log.read(cursor, v, 7);
			}
		});
		reader.start();
		for (int i = 0; i < 300_000; i++) {
			write(log, i);
		}
		done.set(true);
		reader.join();
		assertNull(problem.get());
		assertTrue(log.head() == 300_000);
	}
}
