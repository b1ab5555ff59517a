/** Private implementation of the basic audio sources and the flash shader. */
package org.genlock.audio.basic.internal;
