/**
 * Operating channels: the one service consoles, shells, HTTP APIs and control protocols call
 * to list channels and providers, select a channel's renderer, policy, underrun strategy or
 * device, change its program, start and stop it, and take a preview. Every change is
 * validated before anything is touched and persisted through Configuration Admin, so an
 * operator's choice survives a restart and a rejected request changes nothing.
 */
@Export
@Version("1.0.0")
package org.genlock.api.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
