/** Health telemetry of the playout channels: rolling windows, verdicts and their exposition. */
package org.genlock.telemetry.internal;
