/** Recovery math and configuration handling shared by the playout policy bundles, embedded privately in each. */
package org.genlock.policy.support;
