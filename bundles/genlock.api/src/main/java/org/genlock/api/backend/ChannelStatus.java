package org.genlock.api.backend;

import java.time.Instant;

import org.genlock.api.video.VideoFormat;

/**
 * A snapshot of a channel, built by {@link VideoBackend#status()} on the caller's thread.
 * Immutable.
 *
 * @param channelId     the channel; not blank
 * @param state         the lifecycle state
 * @param format        the format, or {@code null} before the channel is configured
 * @param deviceId      the bound device's id, or {@code null} if none
 * @param rendererId    the bound renderer's id, or {@code null} if none (the underrun
 *                      strategy fills)
 * @param policyId      the bound policy's id, or {@code null} if none (last settings in
 *                      force)
 * @param strategyId    the bound underrun strategy's id, or {@code null} if none (built-in
 *                      black)
 * @param displayIndex  the display index on air, or {@code -1} when not on air
 * @param counters      cumulative frame counters
 * @param readyDepth    frames in the ready queue now
 * @param readyTarget   the ready depth the producer aims for now (with adaptive headroom)
 * @param readyCapacity the ready queue's capacity
 * @param pool          the frame pool accounting
 * @param time          when the snapshot was taken
 */
public record ChannelStatus(String channelId, BackendState state, VideoFormat format, String deviceId,
		String rendererId, String policyId, String strategyId, long displayIndex, FrameCounters counters,
		int readyDepth, int readyTarget, int readyCapacity, PoolStatus pool, Instant time) {

	/**
	 * Validates.
	 *
	 * @param channelId the channel; not blank
	 * @param state the lifecycle state
	 * @param format the format, or {@code null} before the channel is configured
	 * @param deviceId the bound device's id, or {@code null} if none
	 * @param rendererId the bound renderer's id, or {@code null} if none (the underrun strategy fills)
	 * @param policyId the bound policy's id, or {@code null} if none (last settings in force)
	 * @param strategyId the bound underrun strategy's id, or {@code null} if none (built-in black)
	 * @param displayIndex the display index on air, or {@code -1} when not on air
	 * @param counters cumulative frame counters
	 * @param readyDepth frames in the ready queue now
	 * @param readyTarget the ready depth the producer aims for now (with adaptive headroom)
	 * @param readyCapacity the ready queue's capacity
	 * @param pool the frame pool accounting
	 * @param time when the snapshot was taken
	 * @throws IllegalArgumentException naming the field and the value
	 */
	public ChannelStatus {
		if (channelId == null || channelId.isBlank()) {
			throw new IllegalArgumentException("ChannelStatus.channelId is " + channelId + " but must not be blank");
		}
		if (state == null || counters == null || pool == null || time == null) {
			throw new IllegalArgumentException("ChannelStatus of " + channelId
					+ ": state, counters, pool and time must not be null");
		}
		if (readyDepth < 0 || readyTarget < 0 || readyCapacity < 0) {
			throw new IllegalArgumentException("ChannelStatus of " + channelId + ": readyDepth " + readyDepth
					+ ", readyTarget " + readyTarget + " and readyCapacity " + readyCapacity + " must be >= 0");
		}
	}
}
