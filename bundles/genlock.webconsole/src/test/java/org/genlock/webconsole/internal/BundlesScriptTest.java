package org.genlock.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The patch applies to the script of the Web Console version the distribution runs. */
class BundlesScriptTest {

	@Test
	void updateFromLocationPostsUpdate() throws Exception {
		String script;
		try (InputStream in = org.apache.felix.webconsole.servlet.AbstractServlet.class.getClassLoader()
				.getResourceAsStream("res/ui/bundles.js")) {
			assertNotNull(in, "res/ui/bundles.js in the Web Console jar");
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertTrue(script.contains(BundlesScript.UPDATE_FROM_LOCATION), "the console's Update from location posts refresh");
		String patched = BundlesScript.patch(script);
		assertFalse(patched.contains(BundlesScript.UPDATE_FROM_LOCATION));
		assertTrue(patched.contains(BundlesScript.UPDATE_FROM_LOCATION_FIXED));
		assertEquals(script.split("'refresh'", -1).length - 2, patched.split("'refresh'", -1).length - 1,
				"only the Update dialog's button changed; Refresh Package Imports still posts refresh");
	}
}
