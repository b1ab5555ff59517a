/** Private implementation of the OpenGL renderer. */
package org.genlock.render.gl.internal;
