package org.genlock.itest.support.render;

import org.genlock.api.render.Program;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.video.FrameTime;
import org.genlock.api.video.VideoFormat;

/**
 * The backend's reused request object: the test sets the display index (time and timecode
 * follow from it exactly, timecode origin 0) and the program; a new program gets a new
 * generation, as the API requires.
 */
public final class TestRequest implements RenderRequest {

    private final VideoFormat format;
    private final FrameTime time;
    private long displayIndex;
    private long timecodeFrames;
    private Program program = Program.EMPTY;
    private long programGeneration;

    public TestRequest(VideoFormat format) {
        this.format = format;
        this.time = format.frameTime();
    }

    /** Sets the display index; the timecode counts from index 0. */
    public TestRequest at(long index) {
        return at(index, index);
    }

    /** Sets the display index and, separately, the timecode frame index. */
    public TestRequest at(long index, long timecode) {
        this.displayIndex = index;
        this.timecodeFrames = timecode;
        return this;
    }

    public TestRequest program(Program p) {
        if (!p.equals(program)) {
            program = p;
            programGeneration++;
        }
        return this;
    }

    @Override
    public long displayIndex() {
        return displayIndex;
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public long frameTimeNanos() {
        return time.nanosOf(displayIndex);
    }

    @Override
    public long timecodeFrames() {
        return timecodeFrames;
    }

    @Override
    public boolean dropFrame() {
        return false;
    }

    @Override
    public Program program() {
        return program;
    }

    @Override
    public long programGeneration() {
        return programGeneration;
    }
}
