/** The playout engine behind the {@code VideoBackend} service: one channel per factory configuration. */
package org.genlock.backend.internal;
