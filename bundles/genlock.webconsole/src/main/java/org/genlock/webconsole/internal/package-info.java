/** The Genlock Web Console page and the JSON HTTP API, both on ChannelControl. */
package org.genlock.webconsole.internal;
