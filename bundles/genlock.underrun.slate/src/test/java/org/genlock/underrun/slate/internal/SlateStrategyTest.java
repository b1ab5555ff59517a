package org.genlock.underrun.slate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunContext;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;
import org.junit.jupiter.api.Test;

class SlateStrategyTest {

	private static final byte SENTINEL = 0x5A;
	private static final VideoFormat SMALL = VideoFormat.parse("640x360p50");

	/** A template buffer with an optional stride padding, filled with a sentinel. */
	record FakeFrame(VideoFormat format, int rowBytes, ByteBuffer pixels) implements FrameBuffer {
		static FakeFrame of(VideoFormat format, int padding) {
			int stride = format.rowBytes() + padding;
			ByteBuffer memory = ByteBuffer.allocateDirect(stride * format.height()).order(ByteOrder.LITTLE_ENDIAN);
			for (int i = 0; i < memory.capacity(); i++) {
				memory.put(i, SENTINEL);
			}
			return new FakeFrame(format, stride, memory);
		}

		@Override public int slot() { return 0; }
		@Override public long generation() { return 1; }

		int argb(int x, int y) {
			return pixels.getInt(y * rowBytes + 4 * x);
		}
	}

	/** An underrun where only the slate's availability matters. */
	record Ctx(boolean slateAvailable) implements UnderrunContext {
		@Override public long displayIndex() { return 9; }
		@Override public int consecutiveUnderruns() { return 1; }
		@Override public boolean hasNewestCompleted() { return true; }
		@Override public boolean hasLastScheduled() { return true; }
		@Override public boolean keyingEnabled() { return false; }
	}

	static SlateStrategy.Config config(Map<String, ?> values) {
		return (SlateStrategy.Config) Proxy.newProxyInstance(SlateStrategy.Config.class.getClassLoader(),
				new Class<?>[] {SlateStrategy.Config.class}, (p, m, a) -> values.containsKey(m.getName())
						? values.get(m.getName()) : m.getDefaultValue());
	}

	private static SlateStrategy strategy(Map<String, ?> values) {
		SlateStrategy s = new SlateStrategy();
		s.configure(config(values));
		return s;
	}

	private static int countInCentre(FakeFrame f, int argb) {
		int w = f.format().width();
		int h = f.format().height();
		int n = 0;
		for (int y = h / 3; y < 2 * h / 3; y++) {
			for (int x = w / 4; x < 3 * w / 4; x++) {
				if (f.argb(x, y) == argb) {
					n++;
				}
			}
		}
		return n;
	}

	@Test
	void identifiesItselfAsSlateAndAirsTheSlateOnlyWhenDrawn() {
		SlateStrategy s = strategy(Map.of());
		assertEquals("slate", s.id());
		assertEquals(UnderrunAction.SLATE, s.onUnderrun(new Ctx(true)));
		assertEquals(UnderrunAction.BLACK, s.onUnderrun(new Ctx(false)));
	}

	@Test
	void drawsADarkBackgroundWithTextInACentredBox() {
		FakeFrame frame = FakeFrame.of(SMALL, 0);
		assertTrue(strategy(Map.of()).drawSlate(frame));
		assertEquals(0xFF101820, frame.argb(0, 0));
		assertEquals(0xFF101820, frame.argb(639, 359));
		assertEquals(0xFF101820, frame.argb(20, 180), "left of the box");
		assertTrue(countInCentre(frame, 0xFF26354A) > 1000, "the box is in the centre");
		assertTrue(countInCentre(frame, 0xFFFFFFFF) > 100, "white text is in the centre");
		for (int i = 3; i < frame.pixels().capacity(); i += 4) {
			assertEquals((byte) 0xFF, frame.pixels().get(i), "every pixel is opaque");
		}
	}

	@Test
	void respectsARowStrideWiderThanTheRow() {
		FakeFrame tight = FakeFrame.of(SMALL, 0);
		FakeFrame padded = FakeFrame.of(SMALL, 96);
		SlateStrategy s = strategy(Map.of());
		assertTrue(s.drawSlate(tight));
		assertTrue(s.drawSlate(padded));
		for (int y = 0; y < SMALL.height(); y++) {
			for (int x = 0; x < SMALL.width(); x++) {
				assertEquals(tight.argb(x, y), padded.argb(x, y), "pixel " + x + "," + y);
			}
			for (int pad = SMALL.rowBytes(); pad < padded.rowBytes(); pad++) {
				assertEquals(SENTINEL, padded.pixels().get(y * padded.rowBytes() + pad), "padding of row " + y);
			}
		}
		assertEquals(0, padded.pixels().position(), "the shared buffer's position is untouched");
	}

	@Test
	void followsTheConfiguration() {
		FakeFrame frame = FakeFrame.of(SMALL, 0);
		SlateStrategy s = strategy(Map.of("backgroundColor", "#800000", "textColor", "#00FF00", "message", ""));
		assertTrue(s.drawSlate(frame));
		assertEquals(0xFF800000, frame.argb(0, 0));
		assertTrue(countInCentre(frame, 0xFF00FF00) > 100);
		assertEquals("", s.style().message());
	}

	@Test
	void aRejectedConfigurationNamesPidAndKeyAndKeepsThePrevious() {
		SlateStrategy s = strategy(Map.of("backgroundColor", "#000080", "title", "OFF AIR"));
		ConfigRejected e = assertThrows(ConfigRejected.class, () -> SlateStyle.of(
				org.genlock.support.ConfigCheck.of(SlateStrategy.PID), "T", "", "red", "#000000", "#ffffff"));
		assertTrue(e.getMessage().startsWith("genlock.underrun.slate: key 'backgroundColor' = 'red'"), e.getMessage());
		assertTrue(e.getMessage().contains("#RRGGBB"), e.getMessage());

		s.configure(config(Map.of("boxColor", "#12345")));
		s.configure(config(Map.of("textColor", "#12345g")));
		s.configure(config(Map.of("title", "  ")));
		s.configure(config(Map.of("message", "x".repeat(201))));
		assertEquals("OFF AIR", s.style().title());
		FakeFrame frame = FakeFrame.of(SMALL, 0);
		assertTrue(s.drawSlate(frame));
		assertEquals(0xFF000080, frame.argb(0, 0));
	}

	@Test
	void aLongTitleIsShrunkToFit() {
		FakeFrame frame = FakeFrame.of(VideoFormat.parse("320x180p50"), 0);
		assertTrue(strategy(Map.of("title", "W".repeat(80))).drawSlate(frame));
		assertEquals(0xFF101820, frame.argb(2, 90), "the text does not reach the frame edge");
	}

	@Test
	void otherPixelFormatsAreNotDrawn() {
		FakeFrame uyvy = FakeFrame.of(SMALL.withPixelFormat(PixelFormat.UYVY8), 0);
		assertFalse(strategy(Map.of()).drawSlate(uyvy));
		assertEquals(SENTINEL, uyvy.pixels().get(0));
	}

	@Test
	void aTooSmallTargetIsRefusedNotOverrun() {
		FakeFrame frame = FakeFrame.of(SMALL, 0);
		FakeFrame shortFrame = new FakeFrame(SMALL, frame.rowBytes(),
				ByteBuffer.allocateDirect(frame.rowBytes() * 10).order(ByteOrder.LITTLE_ENDIAN));
		assertFalse(strategy(Map.of()).drawSlate(shortFrame));
	}

	@Test
	void colourParsing() {
		assertEquals(0x101820, SlateStyle.rgb("#101820"));
		assertEquals(0xABCDEF, SlateStyle.rgb(" #abcDEF "));
		assertThrows(IllegalArgumentException.class, () -> SlateStyle.rgb("101820"));
		assertThrows(IllegalArgumentException.class, () -> SlateStyle.rgb(null));
	}
}
