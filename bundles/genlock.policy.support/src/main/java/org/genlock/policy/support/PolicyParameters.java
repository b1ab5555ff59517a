package org.genlock.policy.support;

import org.genlock.api.playout.PlayoutSettings;
import org.genlock.support.ConfigCheck;
import org.genlock.support.ConfigRejected;

/**
 * A policy's configuration as entered, before validation. The keys of the policy
 * configurations are these component names.
 *
 * @param framePoolSize         pool slots, or {@value #AUTO_POOL} for the minimum pool plus
 *                              {@value #AUTO_POOL_EXTRA}
 * @param prerollFrames         see {@link PlayoutSettings}
 * @param targetReadyFrames     see {@link PlayoutSettings}
 * @param maxReadyFrames        see {@link PlayoutSettings}
 * @param minSpareDeviceBuffers see {@link PlayoutSettings}
 * @param maxCatchUpFrames      see {@link PlayoutSettings}
 * @param adaptiveHeadroom      see {@link PlayoutSettings}
 * @param maxHeadroomFrames     see {@link PlayoutSettings}
 * @param scaleWithFrameRate    whether depths are for {@value PolicyConfiguration#REFERENCE_FPS} fps
 *                              and scaled down for slower formats
 * @param lateStreakThreshold   see {@link RecoveryTuning}
 * @param dropStreakThreshold   see {@link RecoveryTuning}
 * @param lowLeadFrames         see {@link RecoveryTuning}
 * @param headroomReleaseFrames see {@link RecoveryTuning}
 * @param pace                  see {@link RecoveryTuning}; chosen by the policy, not configured
 */
public record PolicyParameters(int framePoolSize, int prerollFrames, int targetReadyFrames, int maxReadyFrames,
		int minSpareDeviceBuffers, int maxCatchUpFrames, boolean adaptiveHeadroom, int maxHeadroomFrames,
		boolean scaleWithFrameRate, int lateStreakThreshold, int dropStreakThreshold, int lowLeadFrames,
		int headroomReleaseFrames, CatchUpPace pace) {

	/** The {@code framePoolSize} that asks for an automatically sized pool. */
	public static final int AUTO_POOL = 0;
	/** Slots an automatic pool adds to the minimum, so a pipelined renderer has room. */
	public static final int AUTO_POOL_EXTRA = 2;
	/** Largest accepted streak threshold. */
	public static final int MAX_STREAK_THRESHOLD = 64;
	/** Largest accepted headroom release interval (about 33 minutes at 50 fps). */
	public static final int MAX_RELEASE_FRAMES = 100_000;

	/**
	 * Validates every value, then the rules between them, and builds the configuration.
	 *
	 * @param check the checker, naming the configuration PID
	 * @return the validated configuration
	 * @throws ConfigRejected naming the PID, the first offending key, its value and what is
	 *                        allowed
	 */
	public PolicyConfiguration check(ConfigCheck check) {
		check.range("framePoolSize", framePoolSize, AUTO_POOL, PlayoutSettings.MAX_POOL_SIZE);
		check.range("prerollFrames", prerollFrames, 1, PlayoutSettings.MAX_DEPTH);
		check.range("targetReadyFrames", targetReadyFrames, 1, PlayoutSettings.MAX_DEPTH);
		check.range("maxReadyFrames", maxReadyFrames, 1, PlayoutSettings.MAX_DEPTH);
		check.range("minSpareDeviceBuffers", minSpareDeviceBuffers, 0, PlayoutSettings.MAX_DEPTH);
		check.range("maxCatchUpFrames", maxCatchUpFrames, 0, PlayoutSettings.MAX_DEPTH);
		check.range("maxHeadroomFrames", maxHeadroomFrames, 0, PlayoutSettings.MAX_DEPTH);
		check.range("lateStreakThreshold", lateStreakThreshold, 1, MAX_STREAK_THRESHOLD);
		check.range("dropStreakThreshold", dropStreakThreshold, 1, MAX_STREAK_THRESHOLD);
		check.range("lowLeadFrames", lowLeadFrames, 0, PlayoutSettings.MAX_DEPTH - 1);
		check.range("headroomReleaseFrames", headroomReleaseFrames, 1, MAX_RELEASE_FRAMES);
		if (pace == null) {
			throw check.reject("pace", null, "one of gradual, immediate");
		}
		boolean autoPool = framePoolSize == AUTO_POOL;
		PlayoutSettings reference = settings(check, autoPool ? autoPoolSize(prerollFrames, maxReadyFrames,
				minSpareDeviceBuffers) : framePoolSize, prerollFrames, targetReadyFrames, maxReadyFrames,
				maxHeadroomFrames);
		if (lowLeadFrames >= prerollFrames) {
			throw check.reject("lowLeadFrames", lowLeadFrames, "0 to prerollFrames - 1 = " + (prerollFrames - 1)
					+ "; a lead at or above the preroll would count every frame as low");
		}
		RecoveryTuning tuning = new RecoveryTuning(lateStreakThreshold, dropStreakThreshold, lowLeadFrames,
				headroomReleaseFrames, pace);
		return new PolicyConfiguration(this, reference, tuning);
	}

	/**
	 * Returns the pool an automatic size gives.
	 *
	 * @param preroll the preroll
	 * @param maxReady the ready-queue capacity
	 * @param spare the spare reserve
	 * @return the minimum pool plus {@value #AUTO_POOL_EXTRA}
	 */
	static int autoPoolSize(int preroll, int maxReady, int spare) {
		return PlayoutSettings.minimumPoolSize(preroll, maxReady, spare) + AUTO_POOL_EXTRA;
	}

	/**
	 * Builds settings from these parameters with some depths replaced; the cross-field rules of
	 * {@link PlayoutSettings} become a rejection of the key they name.
	 */
	PlayoutSettings settings(ConfigCheck check, int pool, int preroll, int targetReady, int maxReady,
			int maxHeadroom) {
		try {
			return new PlayoutSettings(pool, preroll, targetReady, maxReady, minSpareDeviceBuffers, maxCatchUpFrames,
					adaptiveHeadroom, maxHeadroom);
		} catch (IllegalArgumentException e) {
			String key = offendingKey(e.getMessage());
			throw new ConfigRejected(check.pid(), key, valueOf(key), e.getMessage());
		}
	}

	/**
	 * Returns the field a {@link PlayoutSettings} rejection names ("PlayoutSettings.<field> is
	 * ..."); the configuration keys are the field names.
	 */
	static String offendingKey(String message) {
		String prefix = "PlayoutSettings.";
		if (message != null) {
			int start = message.indexOf(prefix);
			int end = start < 0 ? -1 : message.indexOf(' ', start);
			if (end > start) {
				return message.substring(start + prefix.length(), end);
			}
		}
		return "framePoolSize"; // every other rule names its field; the pool rule is the one that sums several
	}

	private Object valueOf(String key) {
		return switch (key) {
			case "framePoolSize" -> framePoolSize;
			case "prerollFrames" -> prerollFrames;
			case "targetReadyFrames" -> targetReadyFrames;
			case "maxReadyFrames" -> maxReadyFrames;
			case "minSpareDeviceBuffers" -> minSpareDeviceBuffers;
			case "maxCatchUpFrames" -> maxCatchUpFrames;
			case "adaptiveHeadroom" -> adaptiveHeadroom;
			case "maxHeadroomFrames" -> maxHeadroomFrames;
			default -> "?";
		};
	}
}
