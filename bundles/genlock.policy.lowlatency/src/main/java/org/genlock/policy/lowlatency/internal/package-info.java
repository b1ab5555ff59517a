/** The "lowlatency" playout policy component. */
package org.genlock.policy.lowlatency.internal;
