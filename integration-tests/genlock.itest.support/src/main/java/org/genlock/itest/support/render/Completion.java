package org.genlock.itest.support.render;

import java.util.concurrent.atomic.AtomicLong;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.RenderCompletion;

/** Records what a render session reported: how often, for which frame and index, and why it failed. */
public final class Completion implements RenderCompletion {

    public final AtomicLong rendered = new AtomicLong();
    public final AtomicLong failed = new AtomicLong();
    public volatile FrameBuffer lastTarget;
    public volatile long lastIndex = -1;
    public volatile long lastNanos = -1;
    public volatile String lastReason;

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

    public long reports() {
        return rendered.get() + failed.get();
    }
}
