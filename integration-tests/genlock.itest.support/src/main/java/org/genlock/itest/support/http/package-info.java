/** HTTP requests with the console credentials against the framework's own Jetty, for itests. */
package org.genlock.itest.support.http;
