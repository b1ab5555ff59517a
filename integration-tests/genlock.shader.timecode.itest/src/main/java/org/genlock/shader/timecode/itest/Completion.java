package org.genlock.shader.timecode.itest;

import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.RenderCompletion;

/** Records what a render session reported: how often, for which frame and index, and why it failed. */
final class Completion implements RenderCompletion {

    final AtomicLong rendered = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile FrameBuffer lastTarget;
    volatile long lastIndex = -1;
    volatile long lastNanos = -1;
    volatile String lastReason;

    @Override
    public void rendered(FrameBuffer target, long displayIndex, long renderNanos) {
        lastTarget = target;
        lastIndex = displayIndex;
        lastNanos = renderNanos;
        rendered.incrementAndGet();
    }

    @Override
    public void failed(FrameBuffer target, long displayIndex, String reason) {
        lastTarget = target;
        lastIndex = displayIndex;
        lastReason = reason;
        failed.incrementAndGet();
    }

    long reports() {
        return rendered.get() + failed.get();
    }
}
