/** DeckLink output device internals: the JNA vtable binding, discovery, sessions. Not exported. */
package org.genlock.device.decklink.internal;
