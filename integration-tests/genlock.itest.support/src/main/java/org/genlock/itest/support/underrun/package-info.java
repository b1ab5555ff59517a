/** A fake underrun context, for underrun strategy integration tests. */
package org.genlock.itest.support.underrun;
