/** Validation of Prometheus text exposition with the real Prometheus tooling, for itests. */
package org.genlock.itest.support.prometheus;
