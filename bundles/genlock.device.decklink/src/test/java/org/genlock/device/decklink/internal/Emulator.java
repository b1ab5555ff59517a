package org.genlock.device.decklink.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** The test build's DeckLink emulator (target/emulator/libDeckLinkAPI.so) and its control panel. */
final class Emulator {

	static final Path LIBRARY = Path.of("target", "emulator", "libDeckLinkAPI.so").toAbsolutePath();

	private final NativeLibrary lib;

	Emulator() {
		if (!Files.isRegularFile(LIBRARY)) {
			throw new AssertionError("the emulator was not built: " + LIBRARY + " (exec-maven-plugin, build-emulator.sh)");
		}
		lib = NativeLibrary.getInstance(LIBRARY.toString());
	}

	String path() {
		return LIBRARY.toString();
	}

	long outstandingFrames() {
		return lib.getFunction("genlock_emu_outstanding_frames").invokeLong(new Object[0]);
	}

	long misuse() {
		return lib.getFunction("genlock_emu_misuse").invokeLong(new Object[0]);
	}

	int log(int card, String path) {
		return lib.getFunction("genlock_emu_log").invokeInt(new Object[] { card, path });
	}

	/** "devices=N", "nokeyer=I"; also resets every card's keyer and reference to the defaults. */
	int configure(String spec) {
		return lib.getFunction("genlock_emu_configure").invokeInt(new Object[] { spec });
	}

	int[] keyer(int card) {
		int[] out = new int[3];
		lib.getFunction("genlock_emu_keyer").invokeInt(new Object[] { card, out });
		return out;
	}

	/** Starts (truncates) or ends (null, empty) the card's audio log: enable/samples/disable lines. */
	int audioLog(int card, String path) {
		return lib.getFunction("genlock_emu_audio_log").invokeInt(new Object[] { card, path });
	}

	/** The most sample frames one ScheduleAudioSamples takes (0: all). */
	void audioLimit(int card, int maxSampleFrames) {
		lib.getFunction("genlock_emu_audio_limit").invokeInt(new Object[] { card, maxSampleFrames });
	}

	/** audio enabled, channels, sample type, enables, disables, ScheduleAudioSamples calls, written, short calls. */
	long[] audio(int card) {
		long[] out = new long[8];
		lib.getFunction("genlock_emu_audio").invokeInt(new Object[] { card, out });
		return out;
	}

	/** The first card as the iterator returns it (one reference, the caller releases). */
	Pointer firstDevice() {
		Function create = lib.getFunction(Sdk.CREATE_ITERATOR);
		Pointer it = create.invokePointer(new Object[0]);
		Pointer d = Com.outPointer(it, Sdk.ITERATOR_NEXT);
		Com.release(it);
		return d;
	}
}
