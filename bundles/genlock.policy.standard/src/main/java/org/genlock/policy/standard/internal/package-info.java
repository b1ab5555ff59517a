/** The "standard" playout policy component. */
package org.genlock.policy.standard.internal;
