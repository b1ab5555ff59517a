package org.genlock.underrun.slate.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.video.PixelFormat;
import org.genlock.api.video.VideoFormat;

/**
 * Draws a slate card with java.awt into a frame: a dark background and a centred box with a
 * title and a message. Off the hot path only: it allocates an image of the frame's size.
 *
 * <p>Sizes follow the frame height so the card looks the same in SD, HD and UHD. Every pixel
 * is opaque, so premultiplied and straight alpha are the same.
 */
final class SlatePainter {

	private SlatePainter() {
	}

	/**
	 * Fills every visible pixel of {@code target} with the slate.
	 *
	 * @param style  what to draw
	 * @param target the frame, {@link PixelFormat#BGRA8}
	 * @return {@code false} without touching the frame if the pixel format is not BGRA8
	 */
	static boolean paint(SlateStyle style, FrameBuffer target) {
		VideoFormat format = target.format();
		if (format.pixelFormat() != PixelFormat.BGRA8) {
			return false;
		}
		BufferedImage image = render(style, format.width(), format.height());
		copy(image, target);
		return true;
	}

	static BufferedImage render(SlateStyle style, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.setColor(new Color(style.background()));
			g.fillRect(0, 0, width, height);

			int pad = Math.max(4, height / 30);
			int maxTextWidth = width * 8 / 10 - 2 * pad;
			Font titleFont = fit(g, new Font(Font.DIALOG, Font.BOLD, Math.max(8, height / 12)), style.title(),
					maxTextWidth);
			Font messageFont = fit(g, new Font(Font.DIALOG, Font.PLAIN, Math.max(6, height / 28)), style.message(),
					maxTextWidth);
			FontMetrics tm = g.getFontMetrics(titleFont);
			FontMetrics mm = g.getFontMetrics(messageFont);
			boolean hasMessage = !style.message().isEmpty();

			int textWidth = Math.max(tm.stringWidth(style.title()), hasMessage ? mm.stringWidth(style.message()) : 0);
			int boxWidth = Math.min(width - 2 * pad, Math.max(width * 6 / 10, textWidth + 2 * pad));
			int boxHeight = 2 * pad + tm.getHeight() + (hasMessage ? pad / 2 + mm.getHeight() : 0);
			int boxX = (width - boxWidth) / 2;
			int boxY = (height - boxHeight) / 2;
			int arc = pad;
			g.setColor(new Color(style.box()));
			g.fillRoundRect(boxX, boxY, boxWidth, boxHeight, arc, arc);
			// at least 2 lines thick: a 1-line outline flickers on interlaced outputs
			g.setColor(new Color(style.text()));
			g.setStroke(new BasicStroke(Math.max(2f, height / 360f)));
			g.drawRoundRect(boxX, boxY, boxWidth, boxHeight, arc, arc);

			int y = boxY + pad + tm.getAscent();
			g.setFont(titleFont);
			g.drawString(style.title(), (width - tm.stringWidth(style.title())) / 2, y);
			if (hasMessage) {
				y += tm.getDescent() + pad / 2 + mm.getAscent();
				g.setFont(messageFont);
				g.drawString(style.message(), (width - mm.stringWidth(style.message())) / 2, y);
			}
		} finally {
			g.dispose();
		}
		return image;
	}

	/** Shrinks {@code font} so {@code text} fits {@code maxWidth}. */
	private static Font fit(Graphics2D g, Font font, String text, int maxWidth) {
		int w = g.getFontMetrics(font).stringWidth(text);
		if (w <= maxWidth || maxWidth <= 0) {
			return font;
		}
		return font.deriveFont(Math.max(6f, font.getSize2D() * maxWidth / w));
	}

	/** Copies row by row into the frame's stride; bytes past a row's pixels are left alone. */
	private static void copy(BufferedImage image, FrameBuffer target) {
		int width = image.getWidth();
		int height = image.getHeight();
		int stride = target.rowBytes();
		ByteBuffer pixels = target.pixels();
		long needed = (long) stride * (height - 1) + 4L * width;
		if (pixels.capacity() < needed) {
			throw new IllegalArgumentException("slate target holds " + pixels.capacity() + " bytes but a " + width
					+ "x" + height + " BGRA8 frame with row stride " + stride + " needs " + needed);
		}
		int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
		byte[] row = new byte[4 * width];
		for (int y = 0; y < height; y++) {
			int from = y * width;
			for (int x = 0; x < width; x++) {
				int p = rgb[from + x];
				int i = 4 * x;
				row[i] = (byte) p; // B
				row[i + 1] = (byte) (p >> 8); // G
				row[i + 2] = (byte) (p >> 16); // R
				row[i + 3] = (byte) 0xFF; // A: opaque, so premultiplied equals straight
			}
			// absolute bulk put: position, limit and byte order of the shared buffer stay untouched
			pixels.put(y * stride, row);
		}
	}
}
