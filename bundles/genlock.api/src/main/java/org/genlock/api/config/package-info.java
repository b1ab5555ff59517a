/**
 * Configuration that never takes a channel off air by accident, and one writer for it.
 *
 * <p>Every configuration passes a guard (the {@code genlock.config} bundle, a Configuration
 * Admin plugin) on its way to a component: each value is checked against the receiving
 * bundle's Metatype description, every {@code <reference>.target} of a Declarative Services
 * component is parsed as an LDAP filter, and the {@link org.genlock.api.config.ConfigurationCheck}
 * services registered for the configuration's PID check what only they know (a channel's
 * program against the registered shaders, its format against the bound device, its id against
 * the other channels). A rejected value is replaced by the last value that passed before the
 * component sees it, so Declarative Services never re-targets a reference to a bad filter;
 * a configuration rejected as a whole is replaced by the whole last good one. Each rejection
 * is one log line naming the file, the subject (e.g. the channel), the key, the value and what
 * is allowed.
 *
 * <p>Changes made by a program (consoles, the HTTP API, the shell) go through the one
 * {@link org.genlock.api.config.ConfigurationWriter}: checked as the guard would check them,
 * written to the configuration's file in {@code configs/} first (atomically, comments and file
 * mode kept) and then into Configuration Admin, one change at a time per configuration, so the
 * file, Configuration Admin and the running component agree after every acknowledged change.
 *
 * <p>Threads: checks run on Configuration Admin's delivery thread and on the threads of
 * writer callers, possibly at the same time for different configurations; they answer from
 * what they know already and never block or update configurations themselves. The writer
 * blocks its caller while it writes; it is never called on the hot path.
 */
@Export
@Version("1.0.0")
package org.genlock.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
