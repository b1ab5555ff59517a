/** Private implementation. */
package org.genlock.ops.internal;
