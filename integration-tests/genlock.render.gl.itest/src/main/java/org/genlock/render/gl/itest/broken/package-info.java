/** A shader bundle whose GLSL does not compile, packed into a real bundle by the test at run time. */
package org.genlock.render.gl.itest.broken;
