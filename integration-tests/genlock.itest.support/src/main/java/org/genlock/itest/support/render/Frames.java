package org.genlock.itest.support.render;

import org.genlock.api.render.Program;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.video.VideoFormat;

/**
 * Renders single 1280x720 frames through the software renderer as a backend would: one
 * session, the reused request and a lent frame, which must come back reported rendered for
 * its display index.
 */
public final class Frames implements AutoCloseable {

    public static final VideoFormat F720 = VideoFormat.parse("720p50");

    private final RenderSession session;
    private final TestRequest request = new TestRequest(F720);
    private final Completion done = new Completion();

    public Frames(Renderer renderer) throws RenderException {
        this.session = renderer.open(F720);
    }

    /** Renders {@code program} for display index {@code index}, timecode counted from index 0. */
    public TestFrame render(Program program, long index) {
        return render(program, index, index);
    }

    /** Renders {@code program} for a display index and a separate timecode frame index. */
    public TestFrame render(Program program, long index, long timecode) {
        TestFrame frame = new TestFrame(F720).scribble();
        long rendered = done.rendered.get();
        session.render(request.program(program).at(index, timecode), frame, done);
        if (done.rendered.get() != rendered + 1 || done.lastIndex != index || done.lastTarget != frame) {
            throw new AssertionError("frame " + index + " not reported rendered (failed " + done.failed.get()
                    + " times, last reason: " + done.lastReason + ")");
        }
        return frame;
    }

    @Override
    public void close() {
        session.close();
    }
}
