/** The "slate" underrun strategy component and its slate painter. */
package org.genlock.underrun.slate.internal;
