package org.genlock.device.decklink.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.genlock.api.device.VideoOutputDevice;
import org.genlock.itest.support.channel.ChannelFixture;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The control panel of the DeckLink emulator this module's build compiled into
 * {@code target/emulator}: the same library the DeckLink bundle loads through its
 * {@code library.path}, so both see the same cards (dlopen returns one handle per path).
 */
final class EmulatedCard {

	static final Path LIBRARY = Path.of("target", "emulator", "libDeckLinkAPI.so").toAbsolutePath();
	/** The emulated card's device id (persistent id 0x100). */
	static final String DEVICE = "decklink-100";

	EmulatedCard() {
		if (!Files.isRegularFile(LIBRARY)) {
			throw new AssertionError("the emulator was not built: " + LIBRARY);
		}
	}

	/** Points the DeckLink bundle at the emulator, with {@code extra} settings. */
	static void configure(ConfigurationAdmin cm, Map<String, Object> extra) throws Exception {
		Dictionary<String, Object> p = new Hashtable<>();
		p.put("library.path", LIBRARY.toString());
		extra.forEach(p::put);
		cm.getConfiguration("genlock.device.decklink", "?").update(p);
	}

	/** Waits until the card's device service is registered ({@code present}) or gone. */
	static void awaitDevice(BundleContext context, boolean present) throws InterruptedException {
		ChannelFixture.await("DeckLink service " + DEVICE + (present ? " registered" : " gone"), () -> {
			try {
				var refs = context.getServiceReferences(VideoOutputDevice.class, "(genlock.device.id=" + DEVICE + ")");
				return refs.isEmpty() != present;
			} catch (Exception e) {
				return false;
			}
		});
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

	/** Starts (truncates) the card's audio log, or ends it (null): enable / samples / disable lines. */
	void audioLog(Path file) {
		int r = call("genlock_emu_audio_log", 0, file == null ? "" : file.toString());
		if (r != 0) {
			throw new AssertionError("emulator audio log " + file + ": errno " + -r);
		}
	}

	/** audio enabled, channels, sample type, enables, disables, ScheduleAudioSamples calls, sample frames written, short calls. */
	long[] audio() {
		long[] out = new long[8];
		call("genlock_emu_audio", 0, out);
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
