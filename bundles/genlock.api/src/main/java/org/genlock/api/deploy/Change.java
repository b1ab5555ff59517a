package org.genlock.api.deploy;

/**
 * A version change that was carried out.
 *
 * @param symbolicName the bundle symbolic name
 * @param bundleId     the bundle id, the same before and after
 * @param from         the version that ran before
 * @param to           the version that runs now
 */
public record Change(String symbolicName, long bundleId, String from, String to) {
}
