package org.genlock.api.config;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one writer of configuration. Consoles, HTTP APIs and shells change a configuration
 * through it, so every change is checked, persisted and applied the same way:
 * <ol>
 * <li>changes to one configuration are made one at a time, each on the configuration as the
 * previous change left it (two concurrent changes of different keys both survive);</li>
 * <li>the result is checked as the configuration guard would check it (Metatype, target
 * filters, every {@link ConfigurationCheck}); a refused change writes nothing;</li>
 * <li>a configuration that comes from a file in {@code configs/} is written there first:
 * only the changed lines, comments and order kept, the file replaced atomically with its
 * permissions kept; then Configuration Admin receives exactly what the file now says, so the
 * file watcher finds nothing to re-apply;</li>
 * <li>the call returns when Configuration Admin holds the change; the component receives it
 * moments later on Configuration Admin's delivery thread.</li>
 * </ol>
 * Changes made directly in Configuration Admin (the Web Console's Configuration page) are
 * written to the configuration's file afterwards by the same writer.
 *
 * <p>Implemented by the {@code genlock.config} bundle ({@code @ProviderType}). Thread-safe;
 * blocks while it writes; never called on the hot path.
 */
@ProviderType
public interface ConfigurationWriter {

	/**
	 * Changes some keys of an existing configuration.
	 *
	 * @param pid     the configuration's PID (for a factory configuration, e.g.
	 *                {@code genlock.channel~ch1})
	 * @param changes the new values by key, as text (what a {@code .cfg} line would hold); a
	 *                {@code null} value removes the key
	 * @throws ConfigurationRejectedException a value or the resulting configuration is
	 *                                        refused, or there is no such configuration;
	 *                                        nothing was written
	 * @throws IOException                    the file or Configuration Admin could not be
	 *                                        written; the file is unchanged
	 */
	void update(String pid, Map<String, String> changes) throws ConfigurationRejectedException, IOException;
}
