/** Private implementation. */
package org.genlock.config.internal;
