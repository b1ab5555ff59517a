/** The live-swap contract a configurable service bundle's integration test extends. */
package org.genlock.itest.support.swap;
