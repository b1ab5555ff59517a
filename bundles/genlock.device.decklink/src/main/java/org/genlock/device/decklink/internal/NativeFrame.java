package org.genlock.device.decklink.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import org.genlock.api.frame.FrameBuffer;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One frame the driver created ({@code IDeckLinkMutableVideoFrame}) whose pixel memory backs
 * one slot of the backend's pool, and what is scheduled in it now.
 */
final class NativeFrame {

	final Pointer frame;
	final long address;
	final ByteBuffer pixels;
	final Function setTimecode;

	/** Takes the scheduled frame exactly once, whoever reports it (the driver's callback or a flush). */
	static final AtomicReferenceFieldUpdater<NativeFrame, FrameBuffer> SCHEDULED = AtomicReferenceFieldUpdater
			.newUpdater(NativeFrame.class, FrameBuffer.class, "scheduled");

	/** The pool frame the driver holds in this memory, or null; written by the scheduler and the callback. */
	volatile FrameBuffer scheduled;
	volatile long displayIndex;

	/** The audio buffer last scheduled with this frame and its native address; the scheduling thread's. */
	private ByteBuffer audioSamples;
	private Pointer audioAddress;

	NativeFrame(Pointer frame, ByteBuffer pixels, Function setTimecode) {
		this.frame = frame;
		this.address = Pointer.nativeValue(frame);
		this.pixels = pixels;
		this.setTimecode = setTimecode;
	}

	/** The native address of a direct audio buffer, looked up once per distinct buffer (a pool slot keeps its own). */
	Pointer audioAddress(ByteBuffer samples) {
		if (samples != audioSamples) {
			audioAddress = Native.getDirectBufferPointer(samples);
			audioSamples = samples;
		}
		return audioAddress;
	}
}
