/** Compositing and parameter helpers embedded privately by shader and renderer bundles. */
package org.genlock.shader.support;
