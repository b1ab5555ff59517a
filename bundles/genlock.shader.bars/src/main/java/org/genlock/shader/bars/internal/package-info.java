/** Private implementation of the bars shader. */
package org.genlock.shader.bars.internal;
