/** Private implementation of the timecode shader. */
package org.genlock.shader.timecode.internal;
