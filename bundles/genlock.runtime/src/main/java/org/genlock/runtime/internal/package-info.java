/** Private implementation. */
package org.genlock.runtime.internal;
