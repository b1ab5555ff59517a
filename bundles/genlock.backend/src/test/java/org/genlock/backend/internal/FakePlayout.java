package org.genlock.backend.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.CompletionObservation;
import org.genlock.api.playout.PlayoutPolicy;
import org.genlock.api.playout.PlayoutSettings;
import org.genlock.api.playout.RecoveryDecision;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunContext;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.api.video.VideoFormat;

/** Fake policy and strategy. */
final class FakePlayout {

	static final int SLATE_WORD = 0x7F7F7F7F;

	private FakePlayout() {
	}

	static final class Policy implements PlayoutPolicy {
		final String id;
		volatile PlayoutSettings settings;
		final AtomicInteger completions = new AtomicInteger();
		volatile boolean throwOnCompletion;

		Policy(String id, PlayoutSettings settings) {
			this.id = id;
			this.settings = settings;
		}

		@Override
		public String id() {
			return id;
		}

		@Override
		public PlayoutSettings settings(VideoFormat format) {
			return settings;
		}

		@Override
		public void onCompletion(CompletionObservation in, RecoveryDecision out) {
			completions.incrementAndGet();
			if (throwOnCompletion) {
				throw new IllegalStateException("policy bug");
			}
		}
	}

	static final class Strategy implements UnderrunStrategy {
		final String id;
		volatile UnderrunAction action;
		final boolean slate;
		volatile int lastConsecutive;

		Strategy(String id, UnderrunAction action, boolean slate) {
			this.id = id;
			this.action = action;
			this.slate = slate;
		}

		@Override
		public String id() {
			return id;
		}

		@Override
		public UnderrunAction onUnderrun(UnderrunContext context) {
			lastConsecutive = context.consecutiveUnderruns();
			return action;
		}

		@Override
		public boolean drawSlate(FrameBuffer target) {
			if (!slate) {
				return false;
			}
			int bytes = target.rowBytes() * target.format().height();
			for (int i = 0; i < bytes; i += 4) {
				target.pixels().putInt(i, SLATE_WORD);
			}
			return true;
		}
	}
}
