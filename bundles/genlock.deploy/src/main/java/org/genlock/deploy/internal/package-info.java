/** Private implementation. */
package org.genlock.deploy.internal;
