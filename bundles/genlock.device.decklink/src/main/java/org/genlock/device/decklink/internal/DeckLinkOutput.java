package org.genlock.device.decklink.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.KeyerMode;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.ReferenceStatus;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.video.VideoFormat;

import com.sun.jna.Pointer;

/**
 * One DeckLink output ({@code IDeckLink} with an {@code IDeckLinkOutput}) as a Genlock device:
 * the interfaces it was probed with, its formats, and at most one open session.
 */
final class DeckLinkOutput implements VideoOutputDevice {

	private final Pointer deckLink;
	private final Pointer output;
	private final Pointer attributes;
	private final Pointer keyer;
	private final Pointer status;
	private final Map<VideoFormat, Integer> modes;
	private final DeviceInfo info;
	private final Supplier<DeckLinkSettings> settings;
	private DeckLinkSession session;
	private boolean gone;

	private DeckLinkOutput(Pointer deckLink, Pointer output, Pointer attributes, Pointer keyer, Pointer status,
			Map<VideoFormat, Integer> modes, DeviceInfo info, Supplier<DeckLinkSettings> settings) {
		this.deckLink = deckLink;
		this.output = output;
		this.attributes = attributes;
		this.keyer = keyer;
		this.status = status;
		this.modes = modes;
		this.info = info;
		this.settings = settings;
	}

	/**
	 * Probes a device the driver announced; null if it has no output or no format Genlock can
	 * play. Takes its own reference on the device.
	 */
	static DeckLinkOutput probe(Pointer deckLink, Supplier<DeckLinkSettings> settings) {
		Pointer output = Com.query(deckLink, Sdk.IID_OUTPUT);
		if (output == null) {
			return null; // capture-only
		}
		Map<VideoFormat, Integer> modes = Modes.supported(output);
		if (modes.isEmpty()) {
			Com.release(output);
			return null;
		}
		Com.addRef(deckLink);
		Pointer attributes = Com.query(deckLink, Sdk.IID_PROFILE_ATTRIBUTES);
		Pointer keyer = Com.query(deckLink, Sdk.IID_KEYER);
		Pointer status = Com.query(deckLink, Sdk.IID_STATUS);
		long persistent = Com.integer(attributes, Sdk.GET_INT, Sdk.ATTR_PERSISTENT_ID, -1);
		String id = "decklink-" + (persistent >= 0 ? Long.toHexString(persistent) : Long.toHexString(Pointer.nativeValue(deckLink)));
		String name = Com.string(deckLink, Sdk.DECKLINK_GET_DISPLAY_NAME);
		boolean keying = keyer != null && (Com.flag(attributes, Sdk.GET_FLAG, Sdk.ATTR_SUPPORTS_INTERNAL_KEYING, false)
				|| Com.flag(attributes, Sdk.GET_FLAG, Sdk.ATTR_SUPPORTS_EXTERNAL_KEYING, false));
		boolean reference = Com.flag(attributes, Sdk.GET_FLAG, Sdk.ATTR_HAS_REFERENCE_INPUT, false);
		DeviceInfo info = new DeviceInfo(id, name == null || name.isBlank() ? id : name, new ArrayList<>(modes.keySet()),
				keying, reference, settings.get().maxBufferedFrames());
		return new DeckLinkOutput(deckLink, output, attributes, keyer, status, modes, info, settings);
	}

	Pointer deckLink() {
		return deckLink;
	}

	Pointer output() {
		return output;
	}

	@Override
	public DeviceInfo info() {
		return info;
	}

	@Override
	public OutputSession open(VideoFormat format, OutputListener listener) throws DeviceException {
		return open(format, 0, listener);
	}

	@Override
	public synchronized OutputSession open(VideoFormat format, int audioChannels, OutputListener listener)
			throws DeviceException {
		if (format == null || listener == null) {
			throw new DeviceException("DeckLink " + info.id() + ": open needs a format and a listener, got format " + format
					+ " and listener " + listener);
		}
		if (gone) {
			throw new DeviceException("DeckLink " + info.id() + " (" + info.name() + ") was removed");
		}
		Integer mode = modes.get(format);
		if (mode == null) {
			throw new DeviceException("DeckLink " + info.id() + " (" + info.name() + ") cannot output " + format.name() + " "
					+ format.pixelFormat() + "; it outputs " + info.supportedFormats().stream()
							.map(f -> f.name() + " " + f.pixelFormat()).collect(Collectors.joining(", ")));
		}
		if (!EmbeddedAudio.allowed(audioChannels)) {
			throw new DeviceException("DeckLink " + info.id() + ": cannot open with " + audioChannels
					+ " audio channels; expected " + EmbeddedAudio.ALLOWED);
		}
		if (session != null) {
			throw new DeviceException("DeckLink " + info.id() + " is busy: a session is already open on it");
		}
		DeckLinkSession[] self = new DeckLinkSession[1];
		session = self[0] = DeckLinkSession.open(this, format, mode, Modes.pixelFormat(format.pixelFormat()), audioChannels, listener,
				() -> sessionClosed(self[0]));
		return session;
	}

	private synchronized void sessionClosed(DeckLinkSession s) {
		if (session == s) {
			session = null;
		}
	}

	/** Enables the keyer, or disables it for OFF; refuses keying the card or the format cannot do. */
	void applyKeyer(KeyerMode mode, int level, VideoFormat format) throws DeviceException {
		if (mode == KeyerMode.OFF) {
			disableKeyer();
			return;
		}
		String wanted = mode.name().toLowerCase(java.util.Locale.ROOT);
		if (keyer == null || !info.keying()) {
			throw new DeviceException("DeckLink " + info.id() + " (" + info.name() + ") has no keyer; keyer " + wanted
					+ " needs one (set the channel's keyer to off)");
		}
		if (level < 0 || level > 255) {
			throw new DeviceException("DeckLink " + info.id() + ": keyer level " + level + " is not 0..255");
		}
		if (!Modes.keyable(output, modes.get(format), Modes.pixelFormat(format.pixelFormat()))) {
			throw new DeviceException("DeckLink " + info.id() + " cannot key " + format.name() + " " + format.pixelFormat()
					+ "; keying needs BGRA8 (fill and key from alpha) in a mode the keyer supports");
		}
		int hr = Com.call(keyer, Sdk.KEYER_ENABLE, (byte) (mode == KeyerMode.EXTERNAL ? 1 : 0));
		if (hr == Sdk.S_OK) {
			hr = Com.call(keyer, Sdk.KEYER_SET_LEVEL, (byte) level);
		}
		if (hr != Sdk.S_OK) {
			throw new DeviceException("DeckLink " + info.id() + ": the driver refused keyer " + wanted + " level " + level
					+ ": " + Com.hresult(hr));
		}
	}

	void disableKeyer() {
		if (keyer != null) {
			Com.call(keyer, Sdk.KEYER_DISABLE);
		}
	}

	/** The reference input's state now, its format named like Genlock's formats when the card plays it. */
	ReferenceStatus reference() {
		if (!info.genlockInput()) {
			return ReferenceStatus.NOT_SUPPORTED;
		}
		boolean locked = Com.flag(status, Sdk.GET_FLAG, Sdk.STATUS_REFERENCE_SIGNAL_LOCKED, false);
		if (!locked) {
			return new ReferenceStatus(true, false, null);
		}
		long mode = Com.integer(status, Sdk.GET_INT, Sdk.STATUS_REFERENCE_SIGNAL_MODE, Sdk.MODE_UNKNOWN);
		if (mode == Sdk.MODE_UNKNOWN) {
			return new ReferenceStatus(true, true, null);
		}
		for (Map.Entry<VideoFormat, Integer> e : modes.entrySet()) {
			if (e.getValue() == mode) {
				return new ReferenceStatus(true, true, e.getKey().name());
			}
		}
		return new ReferenceStatus(true, true, Sdk.fourccText(mode));
	}

	/** The reference input's state, e.g. {@code locked (1080p50)}, {@code unlocked}, {@code none}. */
	String referenceText() {
		return reference().text();
	}

	/** The card was removed: fails an open session; the caller unregisters the service. */
	void removed() {
		DeckLinkSession s;
		synchronized (this) {
			gone = true;
			s = session;
		}
		if (s != null) {
			s.deviceLost("the DeckLink card was removed (" + info.name() + ")");
		}
	}

	/** The bundle is stopping: closes an open session (its frames come back FLUSHED). */
	void shutdown() {
		DeckLinkSession s;
		synchronized (this) {
			s = session;
		}
		if (s != null) {
			s.close();
		}
	}

	/** Drops the references taken in {@link #probe}. */
	void dispose() {
		List<Pointer> held = new ArrayList<>(List.of(output));
		for (Pointer p : new Pointer[] { attributes, keyer, status }) {
			if (p != null) {
				held.add(p);
			}
		}
		held.forEach(Com::release);
		Com.release(deckLink);
	}
}
