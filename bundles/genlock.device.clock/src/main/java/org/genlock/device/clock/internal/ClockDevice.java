package org.genlock.device.clock.internal;

import java.util.BitSet;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.genlock.api.device.DeviceException;
import org.genlock.api.device.DeviceInfo;
import org.genlock.api.device.OutputListener;
import org.genlock.api.device.OutputSession;
import org.genlock.api.device.VideoOutputDevice;
import org.genlock.api.video.VideoFormat;
import org.genlock.support.ConfigRejected;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Genlock's embedded default output: a virtual {@link VideoOutputDevice} whose sessions pace
 * scheduled playback on the monotonic clock (see {@link ClockSession}). It serves several
 * sessions at once, one per channel.
 *
 * <p>The component registers the {@code VideoOutputDevice} service itself, with
 * {@code genlock.device.id} = the configured {@code id}: a DS-declared property could not follow
 * the {@code id} key, and {@link DeviceInfo} must stay the same for the life of a service. So a
 * change of {@code id} or {@code maxBufferedFrames} re-registers the service (a new service
 * with a new {@code DeviceInfo}); open sessions are independent of it and keep running.
 * Deactivation (the bundle stopping) closes every open session: its frames come back
 * {@code FLUSHED} and its threads end, so no code of a stopped bundle keeps running.
 */
@Component(immediate = true, service = {}, configurationPid = ClockNames.PID)
@Designate(ocd = ClockConfig.class)
public class ClockDevice implements VideoOutputDevice {

    private static final Logger LOG = LoggerFactory.getLogger(ClockDevice.class);

    /** Rasters and rates the device lists: common HD and UHD, all BGRA8. */
    static final List<VideoFormat> STANDARD_FORMATS = List.of("720p50", "720p5994", "720p60", "1080i50",
            "1080i5994", "1080i60", "1080p2398", "1080p24", "1080p25", "1080p2997", "1080p30", "1080p50", "1080p5994",
            "1080p60", "2160p2398", "2160p24", "2160p25", "2160p2997", "2160p30", "2160p50", "2160p5994", "2160p60")
            .stream().map(VideoFormat::parse).toList();

    /** The most audio channels a Genlock channel carries (SDI: 16). */
    static final int MAX_AUDIO_CHANNELS = 16;

    private final List<VideoFormat> formats;
    private final AtomicReference<ClockSettings> settings = new AtomicReference<>(ClockSettings.DEFAULTS);
    private volatile DeviceInfo info;

    /** Session numbers in use, so a reopened channel reuses number 1 and its file names. */
    private final BitSet sessionNumbers = new BitSet();

    /** Sessions not yet closed, closed at deactivation. */
    private final Set<ClockSession> openSessions = ConcurrentHashMap.newKeySet();

    private BundleContext context;
    private ServiceRegistration<VideoOutputDevice> registration;

    /** For Declarative Services. */
    public ClockDevice() {
        this(STANDARD_FORMATS);
    }

    /** A device listing other formats (tests use small, fast ones). */
    ClockDevice(List<VideoFormat> formats) {
        this.formats = List.copyOf(formats);
        this.info = infoFor(ClockSettings.DEFAULTS);
    }

    @Activate
    void activate(BundleContext bundleContext, Map<String, Object> properties) {
        apply(properties, true);
        synchronized (this) {
            context = bundleContext;
            register();
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        DeviceInfo before = info;
        apply(properties, false);
        if (!info.equals(before)) {
            synchronized (this) {
                unregister();
                register();
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            unregister();
            context = null;
        }
        if (!openSessions.isEmpty()) {
            LOG.info("{}: the device is going away; closing {} open session(s), their frames are reported FLUSHED",
                    ClockNames.PID, openSessions.size());
        }
        for (ClockSession s : List.copyOf(openSessions)) {
            s.close();
        }
    }

    /**
     * Validates a configuration and swaps it in; on rejection logs and keeps the previous
     * settings (the defaults at activation).
     *
     * @return whether the configuration was accepted
     */
    boolean apply(Map<String, ?> properties, boolean activating) {
        ClockSettings next;
        try {
            next = ClockSettings.parse(properties);
        } catch (ConfigRejected e) {
            LOG.error("{}; the previous configuration stays in force", e.getMessage());
            return false;
        }
        info = infoFor(next);
        settings.set(next);
        if (!activating) {
            LOG.info("{}: configuration applied; sink, snapshot and fault settings reach running sessions at their "
                    + "next frame, the others apply to sessions opened from now on", ClockNames.PID);
        }
        return true;
    }

    /** The settings in force (tests, diagnostics). */
    ClockSettings settings() {
        return settings.get();
    }

    private DeviceInfo infoFor(ClockSettings s) {
        return new DeviceInfo(s.id(), ClockNames.DEVICE_NAME, formats, true, false, s.maxBufferedFrames());
    }

    private void register() {
        if (context == null) {
            return;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ClockNames.DEVICE_ID_PROPERTY, info.id());
        props.put(Constants.SERVICE_DESCRIPTION, ClockNames.DEVICE_NAME);
        registration = context.registerService(VideoOutputDevice.class, this, props);
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
            registration = null;
        }
    }

    @Override
    public DeviceInfo info() {
        return info;
    }

    @Override
    public OutputSession open(VideoFormat format, OutputListener listener) throws DeviceException {
        return open(format, 0, listener);
    }

    /**
     * Opens a session that carries {@code audioChannels} of audio: every count a channel can
     * have, 0 (none) and 2 to 16, written to the WAV file ({@code wav.path}) and hashed in the
     * hash log.
     */
    @Override
    public OutputSession open(VideoFormat format, int audioChannels, OutputListener listener) throws DeviceException {
        DeviceInfo i = info;
        if (audioChannels != 0 && (audioChannels < 2 || audioChannels > MAX_AUDIO_CHANNELS)) {
            throw new DeviceException("clock device " + i.id() + ": cannot open with " + audioChannels
                    + " audio channels; it carries 0 (no audio) or 2 to " + MAX_AUDIO_CHANNELS);
        }
        if (format == null || listener == null) {
            throw new DeviceException("clock device " + i.id() + ": open needs a format and a listener, got format "
                    + format + " and listener " + listener);
        }
        if (!i.supports(format)) {
            throw new DeviceException("clock device " + i.id() + " cannot output " + format + "; it outputs "
                    + i.supportedFormats().stream().map(VideoFormat::name).collect(Collectors.joining(", "))
                    + ", all " + i.supportedFormats().get(0).pixelFormat());
        }
        int number;
        synchronized (sessionNumbers) {
            number = sessionNumbers.nextClearBit(1);
            sessionNumbers.set(number);
        }
        try {
            AtomicReference<ClockSession> self = new AtomicReference<>();
            ClockSession session = ClockSession.open(number, format, audioChannels, listener, settings::get, () -> {
                releaseNumber(number);
                ClockSession closed = self.get();
                if (closed != null) {
                    openSessions.remove(closed);
                }
            });
            self.set(session);
            openSessions.add(session);
            return session;
        } catch (RuntimeException e) {
            releaseNumber(number);
            throw new DeviceException("clock device " + i.id() + ": cannot open a session for " + format.name(), e);
        }
    }

    private void releaseNumber(int number) {
        synchronized (sessionNumbers) {
            sessionNumbers.clear(number);
        }
    }
}
