/** The ChannelControl service shared by the console plugin, the HTTP API and the shell. */
package org.genlock.control.internal;
