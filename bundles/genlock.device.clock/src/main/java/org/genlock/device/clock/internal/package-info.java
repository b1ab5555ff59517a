/** The clock device: scheduled playback paced by the monotonic clock, with verifiable sinks. */
package org.genlock.device.clock.internal;
