/** The "black" underrun strategy component. */
package org.genlock.underrun.black.internal;
