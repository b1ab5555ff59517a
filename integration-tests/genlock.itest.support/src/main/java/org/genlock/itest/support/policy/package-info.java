/** Fakes of the backend's per-completion objects, for playout policy integration tests. */
package org.genlock.itest.support.policy;
