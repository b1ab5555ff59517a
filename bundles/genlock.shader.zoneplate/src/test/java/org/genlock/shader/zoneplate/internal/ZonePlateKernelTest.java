package org.genlock.shader.zoneplate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;

import org.genlock.api.video.VideoFormat;
import org.genlock.shader.support.ResolvedParameters;
import org.genlock.shader.support.testing.TestContext;
import org.genlock.shader.support.testing.TestFrame;
import org.junit.jupiter.api.Test;

class ZonePlateKernelTest {

	private static final VideoFormat HD = VideoFormat.parse("1080p50");

	private static ResolvedParameters values(double scale, double speed) {
		return ResolvedParameters.resolve(new ZonePlateShader().info(), Map.of("scale", scale, "speed", speed));
	}

	/** The formula written directly, in double, per pixel. */
	private static int expected(int x, int y, int w, int h, double scale, double speed, double seconds) {
		double u = (x + 0.5 - w / 2.0) / h;
		double v = (y + 0.5 - h / 2.0) / h;
		double a = Math.PI * scale * h * (u * u + v * v) + 2 * Math.PI * speed * seconds;
		return (int) Math.round(255 * (0.5 + 0.5 * Math.cos(a)));
	}

	private static TestFrame render(VideoFormat f, long index, ResolvedParameters values) {
		TestFrame frame = TestFrame.of(f);
		new ZonePlateKernel().render(frame, 0, f.height(), new TestContext(f).at(index), values);
		return frame;
	}

	@Test
	void matchesTheFormulaWithinOneLevel() {
		for (long index : new long[] {0, 1, 37, 50 * 3600 + 7}) {
			TestFrame frame = render(HD, index, values(1.5, 0.7));
			double seconds = index / 50.0;
			for (int y = 0; y < 1080; y += 53) {
				for (int x = 0; x < 1920; x += 97) {
					int got = frame.argb(x, y);
					int want = expected(x, y, 1920, 1080, 1.5, 0.7, seconds);
					assertTrue(Math.abs((got & 0xFF) - want) <= 1, "(" + x + "," + y + ") at " + index + ": got "
							+ (got & 0xFF) + " want " + want);
					assertEquals(0xFF, got >>> 24);
					assertEquals(got & 0xFF, (got >>> 16) & 0xFF, "grey");
				}
			}
		}
	}

	@Test
	void centreIsWhiteAtTimeZeroAndMovesWithSpeed() {
		TestFrame still = render(HD, 0, values(1, 1));
		assertEquals(0xFFFFFFFF, still.argb(960, 540));
		// half a cycle later (speed 1, t = 0.5 s = 25 frames) the centre is black
		assertEquals(0xFF000000, render(HD, 25, values(1, 1)).argb(960, 540));
		// speed 0: every frame is the same picture
		assertTrue(Arrays.equals(render(HD, 0, values(1, 0)).bytes(), render(HD, 99, values(1, 0)).bytes()));
		assertFalse(Arrays.equals(render(HD, 0, values(1, 1)).bytes(), render(HD, 1, values(1, 1)).bytes()));
	}

	@Test
	void scaleChangesThePicture() {
		assertNotEquals(render(HD, 3, values(1, 1)).argb(100, 100), render(HD, 3, values(2, 1)).argb(100, 100));
	}

	@Test
	void phaseStaysExactAfterHours() {
		long day = HD.frameTime().nanosOf(50L * 86_400 - 1);
		double p = ZonePlateKernel.phase(0.5, day);
		// 0.5 cycles/s * (86400 - 0.02) s = 43199.99 cycles: 0.99 of a cycle
		assertEquals(2 * Math.PI * 0.99, p, 1e-9);
	}

	@Test
	void bandsAreIndependentOfTheSplit() {
		ResolvedParameters v = values(3, 2);
		TestFrame whole = render(HD, 11, v);
		TestFrame banded = TestFrame.of(HD);
		ZonePlateKernel k = new ZonePlateKernel();
		TestContext c = new TestContext(HD).at(11);
		for (int y = 0; y < 1080; y += 77) {
			k.render(banded, y, Math.min(1080, y + 77), c, v);
		}
		assertTrue(Arrays.equals(whole.bytes(), banded.bytes()));
	}

	@Test
	void opacityBlendsOverTheLayerBelow() {
		TestFrame frame = TestFrame.of(HD);
		frame.fill(0xFF000000);
		new ZonePlateKernel().render(frame, 0, 1080, new TestContext(HD).opacity(0.5f), values(1, 1));
		assertEquals(0xFF808080, frame.argb(960, 540)); // white at 50 % over black
	}

	@Test
	void doesNotAllocateOnceTheTablesExist() {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		ZonePlateKernel k = new ZonePlateKernel();
		TestFrame frame = TestFrame.of(HD);
		ResolvedParameters v = values(1, 1);
		TestContext c = new TestContext(HD);
		for (int i = 0; i < 200; i++) {
			k.render(frame, 0, 64, c.at(i), v);
		}
		long id = Thread.currentThread().getId();
		long before = mx.getThreadAllocatedBytes(id);
		for (int i = 0; i < 100; i++) {
			k.render(frame, 0, 64, c.at(i), v);
		}
		long allocated = mx.getThreadAllocatedBytes(id) - before;
		assertTrue(allocated < 1024, "allocated " + allocated + " bytes in 100 renders");
	}
}
