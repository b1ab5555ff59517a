package org.genlock.backend.internal;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.render.RenderCompletion;
import org.genlock.api.render.RenderException;
import org.genlock.api.render.RenderRequest;
import org.genlock.api.render.RenderSession;
import org.genlock.api.render.Renderer;
import org.genlock.api.render.RendererInfo;
import org.genlock.api.render.RendererKind;
import org.genlock.api.video.VideoFormat;

/** Fake renderers: each frame's first pixel word is MARK + display index. */
final class FakeRenderers {

	static final int MARK = 0x10000000;

	private FakeRenderers() {
	}

	/** Completes inside render(): maxInFlight 1. Allocation-free per frame. */
	static final class Sync implements Renderer {
		final RendererInfo info;
		final AtomicInteger opens = new AtomicInteger();
		final AtomicInteger closes = new AtomicInteger();
		volatile long lastProgramGeneration;
		volatile boolean failOpen;
		/** Fails every render at once, as a session its renderer closed does. */
		volatile boolean failRenders;
		final AtomicInteger failures = new AtomicInteger();
		/** How long open() takes, as a GL context and its shaders do. */
		volatile long openMillis;

		Sync(String id) {
			info = new RendererInfo(id, "Fake " + id, RendererKind.CPU, "1");
		}

		@Override
		public RendererInfo info() {
			return info;
		}

		@Override
		public RenderSession open(VideoFormat format) throws RenderException {
			if (failOpen) {
				throw new RenderException("fake renderer refuses");
			}
			if (openMillis > 0) {
				try {
					Thread.sleep(openMillis);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}
			opens.incrementAndGet();
			return new RenderSession() {
				@Override
				public int maxInFlight() {
					return 1;
				}

				@Override
				public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
					if (failRenders) {
						failures.incrementAndGet();
						done.failed(target, request.displayIndex(), "the session is closed");
						return;
					}
					target.pixels().putInt(0, MARK + (int) request.displayIndex());
					lastProgramGeneration = request.programGeneration();
					done.rendered(target, request.displayIndex(), 1000);
				}

				@Override
				public void close() {
					closes.incrementAndGet();
				}
			};
		}
	}

	/**
	 * A pipelined renderer: requests wait until {@link #completeAll()} (or are abandoned as
	 * failed on close), maxInFlight 3.
	 */
	static final class Async implements Renderer {
		final RendererInfo info = new RendererInfo("async", "Fake async", RendererKind.GL, "1");
		final ArrayDeque<Object[]> pending = new ArrayDeque<>();
		final AtomicInteger abandoned = new AtomicInteger();
		volatile boolean reportAfterClose;

		@Override
		public RendererInfo info() {
			return info;
		}

		@Override
		public RenderSession open(VideoFormat format) {
			return new RenderSession() {
				@Override
				public int maxInFlight() {
					return 3;
				}

				@Override
				public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
					synchronized (pending) {
						pending.add(new Object[] { target, request.displayIndex(), done });
					}
				}

				@Override
				public void close() {
					if (reportAfterClose) {
						return; // misbehaves: keeps the targets
					}
					Object[] p;
					while ((p = poll()) != null) {
						abandoned.incrementAndGet();
						((RenderCompletion) p[2]).failed((FrameBuffer) p[0], (Long) p[1], "abandoned on close");
					}
				}
			};
		}

		private Object[] poll() {
			synchronized (pending) {
				return pending.poll();
			}
		}

		/** Completes the oldest pending request only; returns whether there was one. */
		boolean completeOne() {
			Object[] p = poll();
			if (p == null) {
				return false;
			}
			FrameBuffer target = (FrameBuffer) p[0];
			long index = (Long) p[1];
			target.pixels().putInt(0, MARK + (int) index);
			((RenderCompletion) p[2]).rendered(target, index, 5000);
			return true;
		}

		int completeAll() {
			int n = 0;
			Object[] p;
			while ((p = poll()) != null) {
				FrameBuffer target = (FrameBuffer) p[0];
				long index = (Long) p[1];
				target.pixels().putInt(0, MARK + (int) index);
				((RenderCompletion) p[2]).rendered(target, index, 5000);
				n++;
			}
			return n;
		}

		int pendingCount() {
			synchronized (pending) {
				return pending.size();
			}
		}
	}

	/**
	 * A synchronous renderer that can be made to hang inside render(), as a GL driver stuck
	 * in a readback does, until {@link #release()}.
	 */
	static final class Hanging implements Renderer {
		final RendererInfo info;
		final AtomicInteger opens = new AtomicInteger();
		final AtomicInteger closes = new AtomicInteger();
		final AtomicInteger rendered = new AtomicInteger();
		volatile boolean hang;
		/** Counted down when a render is inside its hang. */
		volatile java.util.concurrent.CountDownLatch hanging = new java.util.concurrent.CountDownLatch(1);
		private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);

		Hanging(String id) {
			info = new RendererInfo(id, "Fake " + id, RendererKind.CPU, "1");
		}

		/** Ends the hang of the render stuck now; later renders do not hang. */
		void release() {
			hang = false;
			gate.countDown();
		}

		@Override
		public RendererInfo info() {
			return info;
		}

		@Override
		public RenderSession open(VideoFormat format) {
			opens.incrementAndGet();
			return new RenderSession() {
				@Override
				public int maxInFlight() {
					return 1;
				}

				@Override
				public void render(RenderRequest request, FrameBuffer target, RenderCompletion done) {
					long index = request.displayIndex();
					if (hang) {
						hanging.countDown();
						try {
							gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
						} catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
					}
					target.pixels().putInt(0, MARK + (int) index);
					rendered.incrementAndGet();
					done.rendered(target, index, 1000);
				}

				@Override
				public void close() {
					closes.incrementAndGet();
				}
			};
		}
	}
}
