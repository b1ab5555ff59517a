/** The "repeat" underrun strategy component. */
package org.genlock.underrun.repeat.internal;
