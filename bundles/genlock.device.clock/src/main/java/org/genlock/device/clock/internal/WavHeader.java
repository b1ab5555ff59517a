package org.genlock.device.clock.internal;

import java.nio.ByteBuffer;

/**
 * The 104-byte header of the clock device's WAV files: {@code RIFF}/{@code WAVE}, a 28-byte
 * chunk reserved for {@code ds64}, {@code fmt } as {@code WAVE_FORMAT_EXTENSIBLE} (48 kHz,
 * 32-bit integer PCM) and the {@code data} chunk header. The reserved chunk is {@code JUNK}
 * while the RIFF size fits in 32 bits; past that the header becomes RF64 (EBU Tech 3306):
 * {@code RF64}, the reserved chunk becomes {@code ds64} with the 64-bit sizes, and the 32-bit
 * sizes are {@code 0xFFFFFFFF}. Same length either way, so the switch is a rewrite of the
 * header in place and the samples never move.
 */
final class WavHeader {

    /** Header bytes; the samples start here. */
    static final int SIZE = 104;

    /** Offset of the reserved JUNK/ds64 chunk. */
    static final int DS64_OFFSET = 12;

    /** Offset of the fmt chunk. */
    static final int FMT_OFFSET = 48;

    /** Offset of the data chunk's size field. */
    static final int DATA_SIZE_OFFSET = 100;

    /** RIFF size of the header alone: "WAVE", the reserved chunk, fmt and the data chunk header. */
    static final long RIFF_OVERHEAD = SIZE - 8;

    /** Largest 32-bit chunk size; a size beyond it needs RF64. */
    static final long MAX_32 = 0xFFFF_FFFFL;

    static final int SAMPLE_RATE = 48_000;
    static final int CONTAINER_BITS = 32;

    /**
     * Significant bits stated in {@code wValidBitsPerSample}. Our samples carry 24 (the low byte
     * is zero), but ffmpeg (5.1 and later, libavformat/wavdec.c) reads an extensible PCM header
     * with 24 valid bits in a 4-byte block as {@code pcm_f24le}: it would decode the integers as
     * float garbage and report a third more duration. The tools the project and its operators
     * check recordings with come first, so the header says 32, which is exact for the container
     * and decodes everywhere; the zero low byte is still there for anyone who looks.
     */
    static final int VALID_BITS = 32;

    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    /** KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00AA00389B71, in file byte order. */
    private static final byte[] SUBTYPE_PCM = {1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
        (byte) 0x9B, 0x71};

    private WavHeader() {}

    /**
     * Returns the speaker mask for a channel count: stereo (0x3), 5.1 (0x3F), 7.1 (0x63F:
     * FL FR FC LFE BL BR SL SR); 0 (no assignment) for the others.
     *
     * @param channels the channel count
     * @return the {@code dwChannelMask}
     */
    static int channelMask(int channels) {
        return switch (channels) {
            case 2 -> 0x3;
            case 6 -> 0x3F;
            case 8 -> 0x63F;
            default -> 0;
        };
    }

    /**
     * Returns whether a file with {@code dataBytes} of samples needs the RF64 form.
     *
     * @param dataBytes the size of the sample data
     * @return {@code true} if the RIFF size would not fit in 32 bits
     */
    static boolean needsRf64(long dataBytes) {
        return RIFF_OVERHEAD + dataBytes > MAX_32;
    }

    /**
     * Writes the header for {@code dataBytes} of samples into {@code b} at index 0 with absolute
     * puts (position and limit untouched). Allocation-free.
     *
     * @param b         a little-endian buffer of at least {@link #SIZE} bytes
     * @param channels  the channel count, 1..16
     * @param dataBytes bytes of samples after the header, a multiple of {@code 4 * channels}
     */
    static void write(ByteBuffer b, int channels, long dataBytes) {
        int blockAlign = channels * (CONTAINER_BITS / 8);
        boolean rf64 = needsRf64(dataBytes);
        long riffSize = RIFF_OVERHEAD + dataBytes;
        putTag(b, 0, rf64 ? "RF64" : "RIFF");
        b.putInt(4, rf64 ? -1 : (int) riffSize);
        putTag(b, 8, "WAVE");

        putTag(b, DS64_OFFSET, rf64 ? "ds64" : "JUNK");
        b.putInt(DS64_OFFSET + 4, 28);
        if (rf64) {
            b.putLong(DS64_OFFSET + 8, riffSize);
            b.putLong(DS64_OFFSET + 16, dataBytes);
            b.putLong(DS64_OFFSET + 24, dataBytes / blockAlign); // sample frames (the fact chunk's count)
            b.putInt(DS64_OFFSET + 32, 0); // no table of other 64-bit chunk sizes
        } else {
            for (int i = DS64_OFFSET + 8; i < FMT_OFFSET; i++) {
                b.put(i, (byte) 0);
            }
        }

        putTag(b, FMT_OFFSET, "fmt ");
        b.putInt(FMT_OFFSET + 4, 40);
        b.putShort(FMT_OFFSET + 8, (short) WAVE_FORMAT_EXTENSIBLE);
        b.putShort(FMT_OFFSET + 10, (short) channels);
        b.putInt(FMT_OFFSET + 12, SAMPLE_RATE);
        b.putInt(FMT_OFFSET + 16, SAMPLE_RATE * blockAlign);
        b.putShort(FMT_OFFSET + 20, (short) blockAlign);
        b.putShort(FMT_OFFSET + 22, (short) CONTAINER_BITS);
        b.putShort(FMT_OFFSET + 24, (short) 22); // cbSize: the extensible part
        b.putShort(FMT_OFFSET + 26, (short) VALID_BITS);
        b.putInt(FMT_OFFSET + 28, channelMask(channels));
        b.put(FMT_OFFSET + 32, SUBTYPE_PCM);

        putTag(b, DATA_SIZE_OFFSET - 4, "data");
        b.putInt(DATA_SIZE_OFFSET, rf64 ? -1 : (int) dataBytes);
    }

    private static void putTag(ByteBuffer b, int index, String tag) {
        for (int i = 0; i < 4; i++) {
            b.put(index + i, (byte) tag.charAt(i));
        }
    }
}
