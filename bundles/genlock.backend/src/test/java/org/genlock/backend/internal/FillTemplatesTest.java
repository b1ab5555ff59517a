package org.genlock.backend.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FillTemplatesTest {

	/** Video black word by word, as each pixel format defines it (v210 words alternate). */
	private static int expected(PixelFormat pf, int byteOffset) {
		return switch (pf) {
			case BGRA8 -> 0xFF000000;
			case UYVY8 -> 0x10801080;
			case V210 -> (byteOffset / 4) % 2 == 0 ? 512 | 64 << 10 | 512 << 20 : 64 | 512 << 10 | 64 << 20;
		};
	}

	@ParameterizedTest
	@EnumSource(PixelFormat.class)
	void blackIsVideoBlackOnEveryRowAndLeavesThePaddingAlone(PixelFormat pf) {
		VideoFormat format = VideoFormat.parse("720p50", pf);
		int padding = 64;
		int rowBytes = format.rowBytes() + padding;
		ByteBuffer b = ByteBuffer.allocateDirect(rowBytes * format.height()).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < b.capacity(); i += 4) {
			b.putInt(i, 0x5A5A5A5A);
		}
		FillTemplates.paintBlack(b, format, rowBytes);
		for (int y = 0; y < format.height(); y++) {
			int base = y * rowBytes;
			for (int x = 0; x < format.rowBytes(); x += 4) {
				assertEquals(expected(pf, x), b.getInt(base + x), pf + " row " + y + " byte " + x);
			}
			for (int x = format.rowBytes(); x < rowBytes; x += 4) {
				assertEquals(0x5A5A5A5A, b.getInt(base + x), pf + " padding of row " + y + " byte " + x);
			}
		}
	}
}
