package org.genlock.device.clock.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.genlock.api.device.CompletionResult;
import org.genlock.api.device.OutputListener;
import org.genlock.api.frame.FrameBuffer;

/** Records every callback in order (tests only: it allocates and locks). */
class RecordingListener implements OutputListener {

    record Completion(FrameBuffer frame, long index, CompletionResult result, String thread) {}

    final List<Object> events = new ArrayList<>();
    volatile Consumer<Completion> onCompletion = c -> {};

    @Override
    public void frameCompleted(FrameBuffer frame, long displayIndex, CompletionResult result, long completionNanos) {
        Completion c = new Completion(frame, displayIndex, result, Thread.currentThread().getName());
        synchronized (this) {
            events.add(c);
        }
        onCompletion.accept(c);
    }

    @Override
    public synchronized void playbackStopped() {
        events.add("stopped");
    }

    @Override
    public synchronized void deviceFailed(String reason) {
        events.add("failed: " + reason);
    }

    synchronized List<Completion> completions() {
        return events.stream().filter(Completion.class::isInstance).map(Completion.class::cast).toList();
    }

    synchronized List<Object> events() {
        return List.copyOf(events);
    }

    synchronized long stops() {
        return events.stream().filter("stopped"::equals).count();
    }

    synchronized CompletionResult resultOf(long index) {
        return completions().stream().filter(c -> c.index() == index).map(Completion::result).findFirst()
                .orElse(null);
    }

    void awaitCompletions(int n) {
        await(() -> completions().size() >= n, "at least " + n + " completions");
    }

    void awaitStopped() {
        await(() -> stops() >= 1, "playbackStopped");
    }

    void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events so far: " + events());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
