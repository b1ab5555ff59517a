package org.genlock.device.decklink.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The control panel of the DeckLink emulator this module's build compiled into
 * {@code target/emulator}: the same library the DeckLink bundle loads through its
 * {@code library.path}, so both see the same cards (dlopen returns one handle per path).
 */
final class EmulatedCard {

	static final Path LIBRARY = Path.of("target", "emulator", "libDeckLinkAPI.so").toAbsolutePath();

	EmulatedCard() {
		if (!Files.isRegularFile(LIBRARY)) {
			throw new AssertionError("the emulator was not built: " + LIBRARY);
		}
	}

	/*
	 * The library is looked up per call and never held here: only the DeckLink bundle keeps it
	 * loaded, as it must keep the real driver loaded (a test holding it would hide an unload).
	 */
	private static Function function(String name) {
		return NativeLibrary.getInstance(LIBRARY.toString()).getFunction(name);
	}

	private int call(String name, Object... args) {
		return function(name).invokeInt(args);
	}

	long outstandingFrames() {
		return function("genlock_emu_outstanding_frames").invokeLong(new Object[0]);
	}

	long createdFrames() {
		return function("genlock_emu_created_frames").invokeLong(new Object[0]);
	}

	long misuse() {
		return function("genlock_emu_misuse").invokeLong(new Object[0]);
	}

	void log(Path file) {
		int r = call("genlock_emu_log", 0, file == null ? "" : file.toString());
		if (r != 0) {
			throw new AssertionError("emulator log " + file + ": errno " + -r);
		}
	}

	void faults(int lateEvery, int dropEvery) {
		call("genlock_emu_faults", 0, lateEvery, dropEvery, 0, 0);
	}

	/** Sets the reference input: locked to a BMDDisplayMode given as its four characters, or unlocked. */
	void reference(boolean locked, String mode) {
		int code = (mode.charAt(0) << 24) | (mode.charAt(1) << 16) | (mode.charAt(2) << 8) | mode.charAt(3);
		call("genlock_emu_reference", 0, locked ? 1 : 0, code);
	}

	void unplug() {
		call("genlock_emu_unplug", 0);
	}

	void plug() {
		call("genlock_emu_plug", 0);
	}

	/** enabled, external, level; null when the card is unplugged. */
	int[] keyer() {
		int[] out = new int[3];
		return call("genlock_emu_keyer", 0, out) == 0 ? out : null;
	}

	/** scheduled, played, completed, late, dropped, flushed, buffered, playing, output enabled. */
	long[] stats() {
		long[] out = new long[9];
		call("genlock_emu_stats", 0, out);
		return out;
	}

	/** One line of the card's log: what it played in a slot. */
	record Played(long index, String sha256, String timecode, String kind) {
	}

	static List<Played> read(Path log) throws IOException {
		List<Played> played = new ArrayList<>();
		for (String line : Files.readAllLines(log)) {
			String[] f = line.trim().split(" ");
			if (f.length == 5) {
				played.add(new Played(Long.parseLong(f[0]), f[1], f[2], f[4]));
			}
		}
		return played;
	}
}
