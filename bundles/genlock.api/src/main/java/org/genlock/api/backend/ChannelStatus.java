package org.genlock.api.backend;

import java.time.Instant;

import org.genlock.api.device.ReferenceStatus;
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
 * @param engine        what the engine absorbed without airing it as planned (since 1.2)
 * @param render        which renderer airs, which is on probation, render time and lead
 *                      (since 1.2)
 * @param failureReason why the channel is FAILED (or was when it last failed, until it is on
 *                      air again), or {@code null} (since 1.2)
 * @param outputLatencyNanos the output latency: frames the device holds ahead of the one on
 *                      air (the preroll) times the frame duration, or {@code 0} when not
 *                      configured (since 1.2)
 * @param reference     the device's reference input: lock and detected format, as the open
 *                      session reports it; {@link ReferenceStatus#NOT_SUPPORTED} without a
 *                      session or reference input (since 1.3)
 */
public record ChannelStatus(String channelId, BackendState state, VideoFormat format, String deviceId,
		String rendererId, String policyId, String strategyId, long displayIndex, FrameCounters counters,
		int readyDepth, int readyTarget, int readyCapacity, PoolStatus pool, Instant time, EngineCounters engine,
		RenderFeedStatus render, String failureReason, long outputLatencyNanos, ReferenceStatus reference) {

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
	 * @param engine what the engine absorbed without airing it as planned
	 * @param render which renderer airs, which is on probation, render time and lead
	 * @param failureReason why the channel is or last was FAILED, or {@code null}
	 * @param outputLatencyNanos the preroll times the frame duration, {@code >= 0}
	 * @param reference the device's reference input state; not null
	 * @throws IllegalArgumentException naming the field and the value
	 */
	public ChannelStatus {
		if (channelId == null || channelId.isBlank()) {
			throw new IllegalArgumentException("ChannelStatus.channelId is " + channelId + " but must not be blank");
		}
		if (state == null || counters == null || pool == null || time == null || engine == null || render == null
				|| reference == null) {
			throw new IllegalArgumentException("ChannelStatus of " + channelId
					+ ": state, counters, pool, time, engine, render and reference must not be null");
		}
		if (outputLatencyNanos < 0) {
			throw new IllegalArgumentException("ChannelStatus of " + channelId + ": outputLatencyNanos "
					+ outputLatencyNanos + " must be >= 0");
		}
		if (readyDepth < 0 || readyTarget < 0 || readyCapacity < 0) {
			throw new IllegalArgumentException("ChannelStatus of " + channelId + ": readyDepth " + readyDepth
					+ ", readyTarget " + readyTarget + " and readyCapacity " + readyCapacity + " must be >= 0");
		}
	}

	/**
	 * A snapshot without the reference state of 1.3 ({@link ReferenceStatus#NOT_SUPPORTED}). For
	 * providers and tests written against 1.2.
	 *
	 * @param channelId the channel; not blank
	 * @param state the lifecycle state
	 * @param format the format, or {@code null} before the channel is configured
	 * @param deviceId the bound device's id, or {@code null} if none
	 * @param rendererId the bound renderer's id, or {@code null} if none
	 * @param policyId the bound policy's id, or {@code null} if none
	 * @param strategyId the bound underrun strategy's id, or {@code null} if none
	 * @param displayIndex the display index on air, or {@code -1} when not on air
	 * @param counters cumulative frame counters
	 * @param readyDepth frames in the ready queue now
	 * @param readyTarget the ready depth the producer aims for now
	 * @param readyCapacity the ready queue's capacity
	 * @param pool the frame pool accounting
	 * @param time when the snapshot was taken
	 * @param engine what the engine absorbed without airing it as planned
	 * @param render which renderer airs, which is on probation, render time and lead
	 * @param failureReason why the channel is or last was FAILED, or {@code null}
	 * @param outputLatencyNanos the preroll times the frame duration, {@code >= 0}
	 */
	public ChannelStatus(String channelId, BackendState state, VideoFormat format, String deviceId,
			String rendererId, String policyId, String strategyId, long displayIndex, FrameCounters counters,
			int readyDepth, int readyTarget, int readyCapacity, PoolStatus pool, Instant time, EngineCounters engine,
			RenderFeedStatus render, String failureReason, long outputLatencyNanos) {
		this(channelId, state, format, deviceId, rendererId, policyId, strategyId, displayIndex, counters, readyDepth,
				readyTarget, readyCapacity, pool, time, engine, render, failureReason, outputLatencyNanos,
				ReferenceStatus.NOT_SUPPORTED);
	}

	/**
	 * A snapshot without the engine details of 1.2: engine counters zero, no render feed
	 * status, no failure reason, no output latency. For providers and tests written against
	 * 1.1.
	 *
	 * @param channelId the channel; not blank
	 * @param state the lifecycle state
	 * @param format the format, or {@code null} before the channel is configured
	 * @param deviceId the bound device's id, or {@code null} if none
	 * @param rendererId the bound renderer's id, or {@code null} if none
	 * @param policyId the bound policy's id, or {@code null} if none
	 * @param strategyId the bound underrun strategy's id, or {@code null} if none
	 * @param displayIndex the display index on air, or {@code -1} when not on air
	 * @param counters cumulative frame counters
	 * @param readyDepth frames in the ready queue now
	 * @param readyTarget the ready depth the producer aims for now
	 * @param readyCapacity the ready queue's capacity
	 * @param pool the frame pool accounting
	 * @param time when the snapshot was taken
	 */
	public ChannelStatus(String channelId, BackendState state, VideoFormat format, String deviceId,
			String rendererId, String policyId, String strategyId, long displayIndex, FrameCounters counters,
			int readyDepth, int readyTarget, int readyCapacity, PoolStatus pool, Instant time) {
		this(channelId, state, format, deviceId, rendererId, policyId, strategyId, displayIndex, counters, readyDepth,
				readyTarget, readyCapacity, pool, time, EngineCounters.ZERO, RenderFeedStatus.NONE, null, 0);
	}
}
