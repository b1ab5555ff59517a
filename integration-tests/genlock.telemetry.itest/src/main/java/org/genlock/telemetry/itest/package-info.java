/** Integration test of the health telemetry against a real channel. */
package org.genlock.telemetry.itest;
