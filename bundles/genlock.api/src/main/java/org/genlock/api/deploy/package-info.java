/**
 * Deployed bundles: the versions of Genlock's own and integrators' bundles that run, the
 * versions kept to go back to, and the one service that updates a bundle to its newest known
 * version or rolls it back to the previous one, live. The Genlock page, the HTTP API and the
 * Gogo shell all call it.
 */
@Export
@Version("1.0.0")
package org.genlock.api.deploy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
