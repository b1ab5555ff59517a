/** Fakes for unit tests of kernels and renderers; never embedded in a deployed bundle. */
package org.genlock.shader.support.testing;
