/** The benchmark probe: scenarios, measurements and the report; benchmarks only. */
package org.genlock.benchmark.probe.internal;
