/** Capture of what bundles log, for facts the API does not show. */
package org.genlock.itest.support.log;
