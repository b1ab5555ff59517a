/** A real channel on the clock device, configured through Configuration Admin, for itests. */
package org.genlock.itest.support.channel;
