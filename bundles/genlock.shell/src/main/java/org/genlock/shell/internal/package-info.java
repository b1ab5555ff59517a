/** Gogo commands that operate channels through ChannelControl. */
package org.genlock.shell.internal;
