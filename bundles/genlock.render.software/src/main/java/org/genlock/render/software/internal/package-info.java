/** Private implementation of the software renderer. */
package org.genlock.render.software.internal;
