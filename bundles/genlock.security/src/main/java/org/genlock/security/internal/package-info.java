/** Private implementation. */
package org.genlock.security.internal;
