/** Private implementation of the zoneplate shader. */
package org.genlock.shader.zoneplate.internal;
