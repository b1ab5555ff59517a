package org.genlock.output.ffmpeg.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.tap.FrameTap;
import org.genlock.api.tap.TapSession;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigOrigin;
import org.genlock.support.ConfigRejected;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg output per factory configuration of {@code genlock.output.ffmpeg}, registered as
 * a {@link FrameTap} with {@code genlock.tap.id} from its {@code id}. A channel that selects
 * it gets a {@link FfmpegSession} (one ffmpeg process) of its own.
 *
 * <p>A configuration that is not valid is logged with its key, value and what is allowed; at
 * activation nothing is registered, on a change the previous settings stay in force. A new
 * URL, codec or other setting reaches a session at its next (re)start; a new id re-registers
 * the service (channels selecting the old id lose it).
 */
@Component(configurationPid = OutputSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FfmpegConfig.class, factory = true)
public class FfmpegOutput implements FrameTap {

	private static final Logger LOG = LoggerFactory.getLogger(FfmpegOutput.class);

	private final List<FfmpegSession> sessions = new CopyOnWriteArrayList<>();
	private BundleContext context;
	private volatile OutputSettings settings;
	private ServiceRegistration<FrameTap> registration;
	private ServiceRegistration<VideoOutputDevice> deviceRegistration;
	private volatile DeviceSession deviceSession;

	@Activate
	void activate(BundleContext bundleContext, Map<String, Object> properties) {
		this.context = bundleContext;
		try {
			settings = OutputSettings.parse(properties, origin(properties));
		} catch (ConfigRejected e) {
			LOG.error("{}; this output is not available until the configuration is corrected", e.getMessage());
			return;
		}
		register();
	}

	@Modified
	void modified(Map<String, Object> properties) {
		OutputSettings before = settings;
		OutputSettings next;
		try {
			next = OutputSettings.parse(properties, origin(properties));
		} catch (ConfigRejected e) {
			LOG.error("{}; {}", e.getMessage(), before == null ? "this output stays unavailable"
					: "the previous configuration stays in force");
			return;
		}
		settings = next;
		if (before == null || !before.id().equals(next.id()) || before.device() != next.device()) {
			unregister();
			register();
		}
	}

	private synchronized void register() {
		Hashtable<String, Object> props = new Hashtable<>();
		props.put(FrameTap.ID, settings.id());
		props.put(FrameTap.BUFFER_FRAMES, 8);
		registration = context.registerService(FrameTap.class, this, props);
		if (settings.device()) {
			Hashtable<String, Object> dp = new Hashtable<>();
			dp.put("genlock.device.id", settings.id());
			deviceRegistration = context.registerService(VideoOutputDevice.class, new Device(), dp);
		}
		LOG.info("FFmpeg output {} ready: {} {} to {}", settings.id(), settings.codec(), settings.container(),
				settings.url());
	}

	private synchronized void unregister() {
		if (registration != null) {
			try {
				registration.unregister();
			} catch (IllegalStateException e) {
				// already gone with the bundle
			}
			registration = null;
		}
		if (deviceRegistration != null) {
			try {
				deviceRegistration.unregister();
			} catch (IllegalStateException e) {
				// already gone with the bundle
			}
			deviceRegistration = null;
		}
	}

	/** The output as a channel's device: one session at a time, paced by the monotonic clock. */
	private final class Device implements VideoOutputDevice {
		private final String id = settings.id();

		@Override
		public DeviceInfo info() {
			return new DeviceInfo(id, "FFmpeg output " + id, FORMATS, false, false, DeviceSession.CAPACITY);
		}

		@Override
		public OutputSession open(VideoFormat format, OutputListener listener) throws DeviceException {
			return open(format, 0, listener);
		}

		/**
		 * Opens with the channel's audio: encoded as the output's {@code audio.codec} says, so the
		 * session carries the channel's audio channels, or none with {@code audio.codec=none}.
		 */
		@Override
		public synchronized OutputSession open(VideoFormat format, int audioChannels, OutputListener listener)
				throws DeviceException {
			DeviceSession open = deviceSession;
			if (open != null && !open.isClosed()) {
				throw new DeviceException("FFmpeg output " + id + " is already open for another channel");
			}
			if (!FORMATS.contains(format)) {
				throw new DeviceException("FFmpeg output " + id + " does not support " + format.name());
			}
			if (audioChannels < 0 || audioChannels > 16) {
				throw new DeviceException("FFmpeg output " + id + ": " + audioChannels + " audio channels; 0 to 16 are "
						+ "carried");
			}
			OutputSettings now = settings;
			int carried = now != null && now.carriesAudio(audioChannels) ? audioChannels : 0;
			FfmpegSession encoder = new FfmpegSession(id, id, format, carried, () -> settings);
			sessions.add(encoder);
			DeviceSession s = new DeviceSession(id, format, carried, listener, encoder) {
				@Override
				public void close() {
					super.close();
					sessions.remove(encoder);
				}
			};
			deviceSession = s;
			return s;
		}
	}

	static final List<VideoFormat> FORMATS = List.of("720p50", "720p5994", "720p60", "1080i50", "1080i5994",
			"1080i60", "1080p2398", "1080p24", "1080p25", "1080p2997", "1080p30", "1080p50", "1080p5994", "1080p60",
			"2160p25", "2160p2997", "2160p30", "2160p50", "2160p5994", "2160p60").stream().map(VideoFormat::parse)
			.toList();

	private static String origin(Map<String, Object> properties) {
		return ConfigOrigin.describe(ConfigOrigin.file(properties.get(ConfigOrigin.FILEINSTALL_FILENAME)),
				properties.get("id") == null ? null : "output " + properties.get("id"),
				String.valueOf(properties.getOrDefault("service.pid", OutputSettings.PID)));
	}

	@Deactivate
	void deactivate() {
		unregister();
		DeviceSession d = deviceSession;
		if (d != null) {
			d.close();
		}
		for (FfmpegSession s : sessions) {
			s.close();
		}
	}

	@Override
	public TapSession open(String channelId, VideoFormat format) {
		return open(channelId, format, 0);
	}

	/** A session that encodes the channel's audio too, as {@code audio.codec} says (none: video only). */
	@Override
	public TapSession open(String channelId, VideoFormat format, int audioChannels) {
		OutputSettings s = settings;
		if (s == null) {
			throw new IllegalStateException("output has no valid configuration");
		}
		FfmpegSession session = new FfmpegSession(s.id(), channelId, format, audioChannels, () -> settings);
		sessions.add(session);
		return new TapSession() {
			@Override
			public void frame(org.genlock.api.frame.FrameBuffer frame, long displayIndex) {
				session.frame(frame, displayIndex);
			}

			@Override
			public String state() {
				return session.state();
			}

			@Override
			public void close() {
				sessions.remove(session);
				session.close();
			}
		};
	}

	/** Open sessions, for tests. */
	List<FfmpegSession> sessions() {
		return List.copyOf(sessions);
	}
}
