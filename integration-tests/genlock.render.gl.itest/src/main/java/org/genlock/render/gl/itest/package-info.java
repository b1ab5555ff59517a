/** Integration tests of the OpenGL renderer in a real framework. */
package org.genlock.render.gl.itest;
