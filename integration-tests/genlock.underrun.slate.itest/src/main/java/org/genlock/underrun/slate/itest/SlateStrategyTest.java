package org.genlock.underrun.slate.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.genlock.itest.support.swap.LiveSwapContract;
import org.genlock.itest.support.underrun.FakeContext;
import org.junit.jupiter.api.Test;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;

/**
 * genlock.underrun.slate in a real framework (java.awt, headless): the live-swap contract with
 * the documented defaults (README), the behaviour being the slate drawn into a padded
 * template buffer, plus the full-frame drawing contract of {@code drawSlate}.
 */
class SlateStrategyTest extends LiveSwapContract<UnderrunStrategy> {

	static final String FILTER = "(genlock.strategy.id=slate)";
	static final VideoFormat FORMAT = VideoFormat.parse("640x360p50");
	static final int W = FORMAT.width();
	static final int H = FORMAT.height();
	/** Opaque, so premultiplied and straight are the same: 0xAARRGGBB of #101820, #26354a, #204060. */
	static final int DEFAULT_BACKGROUND = 0xFF101820;
	static final int DEFAULT_BOX = 0xFF26354A;
	static final int CONFIGURED_BACKGROUND = 0xFF204060;
	/** Fewer text pixels than this in the centre means no title and message were drawn. */
	static final int MIN_TEXT_PIXELS = 500;

	/**
	 * A drawn slate.
	 *
	 * @param drawn      what {@code drawSlate} returned
	 * @param corners    the four corner pixels, {@code 0xAARRGGBB}
	 * @param textPixels centre pixels that are neither background nor box colour (text, outline)
	 * @param digest     SHA-256 of the whole buffer, padding included
	 */
	record Slate(boolean drawn, List<Integer> corners, int textPixels, String digest) {
	}

	SlateStrategyTest() {
		super(UnderrunStrategy.class, "genlock.underrun.slate", "genlock.strategy.id", "slate");
	}

	@Override
	protected String idOf(UnderrunStrategy strategy) {
		return strategy.id();
	}

	@Override
	protected Object behaviour(UnderrunStrategy strategy) {
		return slate(strategy, new TestFrame(FORMAT));
	}

	static Slate slate(UnderrunStrategy strategy, TestFrame frame) {
		boolean drawn = strategy.drawSlate(frame);
		int background = frame.pixel(0, 0);
		int text = 0;
		for (int y = H / 4; y < 3 * H / 4; y++) {
			for (int x = W / 4; x < 3 * W / 4; x++) {
				int p = frame.pixel(x, y);
				if (p != background && p != DEFAULT_BOX) {
					text++;
				}
			}
		}
		return new Slate(drawn, List.of(frame.pixel(0, 0), frame.pixel(W - 1, 0), frame.pixel(0, H - 1),
				frame.pixel(W - 1, H - 1)), text, digest(frame));
	}

	static String digest(TestFrame frame) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(frame.pixels().duplicate());
			return HexFormat.of().formatHex(sha.digest());
		} catch (java.security.NoSuchAlgorithmException e) {
			throw new AssertionError(e);
		}
	}

	@Override
	protected void assertDefaults(Object behaviour) {
		Slate slate = (Slate) behaviour;
		assertThat(slate.drawn()).as("drawn").isTrue();
		assertThat(slate.corners()).as("corners: #101820, alpha 255").containsOnly(DEFAULT_BACKGROUND);
		assertThat(slate.textPixels()).as("text pixels in the centre").isGreaterThan(MIN_TEXT_PIXELS);
	}

	@Override
	protected Map<String, Object> configuration() {
		return Map.of("title", "OFF AIR", "backgroundColor", "#204060");
	}

	@Override
	protected void assertConfigured(Object behaviour) {
		Slate slate = (Slate) behaviour;
		assertThat(slate.drawn()).as("drawn").isTrue();
		assertThat(slate.corners()).as("corners: #204060, alpha 255").containsOnly(CONFIGURED_BACKGROUND);
		assertThat(slate.textPixels()).as("text pixels in the centre").isGreaterThan(MIN_TEXT_PIXELS);
	}

	@Override
	protected List<Map<String, Object>> rejectedConfigurations() {
		return List.of(with("title", ""), with("title", "x".repeat(81)), // 1 to 80 characters
				with("message", "x".repeat(201)), // up to 200 characters
				with("backgroundColor", "#12345"), with("textColor", "white")); // not #RRGGBB
	}

	@Override
	protected List<Attr> metatype() {
		return List.of(Attr.text("title", "Title", "GENLOCK"),
				Attr.text("message", "Message", "Programme will resume shortly"),
				Attr.text("backgroundColor", "Background colour", "#101820"),
				Attr.text("boxColor", "Box colour", "#26354a"), Attr.text("textColor", "Text colour", "#ffffff"));
	}

	@Test
	void drawsAFullOpaqueFrameAndLeavesTheRowPaddingAlone(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<UnderrunStrategy> strategy) {
		TestFrame frame = new TestFrame(FORMAT);
		assertThat(strategy.getService().drawSlate(frame)).isTrue();
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				if (frame.pixel(x, y) >>> 24 != 0xFF) {
					throw new AssertionError("pixel (" + x + ", " + y + ") is "
							+ Integer.toHexString(frame.pixel(x, y)) + ", not opaque: the frame is not filled");
				}
			}
		}
		assertThat(frame.paddingUntouched()).as("bytes past each row's pixels untouched").isTrue();
		assertThat(frame.pixels().position()).as("position").isZero();
		assertThat(frame.pixels().limit()).as("limit").isEqualTo(frame.pixels().capacity());
		assertThat(frame.pixels().order()).as("byte order").isEqualTo(ByteOrder.LITTLE_ENDIAN);
	}

	@Test
	void aNewTitleChangesOnlyTheCentre(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<UnderrunStrategy> strategy) throws Exception {
		TestFrame before = new TestFrame(FORMAT);
		strategy.getService().drawSlate(before);
		update(Map.of("title", "BACK SOON"));
		TestFrame[] after = new TestFrame[1];
		eventually("a slate with the new title", () -> {
			after[0] = new TestFrame(FORMAT);
			strategy.getService().drawSlate(after[0]);
			assertThat(digest(after[0])).isNotEqualTo(digest(before));
		});
		int inside = 0;
		int outside = 0;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				if (before.pixel(x, y) != after[0].pixel(x, y)) {
					boolean centre = x >= W / 5 && x < 4 * W / 5 && y >= H / 4 && y < 3 * H / 4;
					if (centre) {
						inside++;
					} else {
						outside++;
					}
				}
			}
		}
		assertThat(inside).as("changed pixels in the centre").isGreaterThan(MIN_TEXT_PIXELS);
		assertThat(outside).as("changed pixels outside the centre").isZero();
	}

	@Test
	void airsTheSlateWhenDrawnAndOnlyForBgra8(
			@InjectService(filter = FILTER, timeout = 10_000) ServiceAware<UnderrunStrategy> strategy) {
		UnderrunStrategy s = strategy.getService();
		assertThat(s.onUnderrun(FakeContext.running(1).withSlate())).isEqualTo(UnderrunAction.SLATE);
		assertThat(s.onUnderrun(FakeContext.running(1).keyed().withSlate())).isEqualTo(UnderrunAction.SLATE);
		assertThat(s.onUnderrun(FakeContext.running(1))).as("no slate drawn").isEqualTo(UnderrunAction.BLACK);
		TestFrame uyvy = new TestFrame(VideoFormat.parse("640x360p50", PixelFormat.UYVY8));
		assertThat(s.drawSlate(uyvy)).as("drawSlate for UYVY8").isFalse();
		assertThat(uyvy.untouched()).as("UYVY8 frame untouched").isTrue();
	}
}
