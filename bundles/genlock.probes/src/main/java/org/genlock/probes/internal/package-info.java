/** Private implementation. */
package org.genlock.probes.internal;
