package org.genlock.deploy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.url.AbstractURLStreamHandlerService;
import org.osgi.service.url.URLConstants;
import org.osgi.service.url.URLStreamHandlerService;

/**
 * {@code genlock:bundle/<bsn>}: the newest version of a bundle newer than the running one, from
 * deploy/ or the kept versions. Every bundle installed from deploy/ has it as its location, so
 * {@code Bundle.update()} (the Web Console's Update, the shell's {@code update <id>}) reads it;
 * with nothing newer it fails with a message saying where it looked. (Genlock's own bundles do
 * not name it as their Bundle-UpdateLocation: they also run in test frameworks without this
 * bundle, where update() must keep reading their jar. The Web Console's Update reaches them
 * through genlock.webconsole's update filter.)
 */
@Component(service = URLStreamHandlerService.class, property = URLConstants.URL_HANDLER_PROTOCOL + "="
		+ BundleUrlHandler.PROTOCOL)
public class BundleUrlHandler extends AbstractURLStreamHandlerService {

	static final String PROTOCOL = "genlock";
	private static final String BUNDLE = "bundle/";

	private final Deployer deployer;

	@Activate
	public BundleUrlHandler(@Reference Deployer deployer) {
		this.deployer = deployer;
	}

	@Override
	public URLConnection openConnection(URL u) throws IOException {
		String path = u.getPath();
		if (!path.startsWith(BUNDLE) || path.length() == BUNDLE.length()) {
			throw new IOException("not a Genlock bundle location: " + u + " (expected " + PROTOCOL + ":" + BUNDLE + "<bsn>)");
		}
		String bsn = path.substring(BUNDLE.length());
		return new URLConnection(u) {
			private byte[] bytes;

			@Override
			public void connect() throws IOException {
				if (bytes == null) {
					bytes = deployer.updateSource(bsn);
				}
				connected = true;
			}

			@Override
			public InputStream getInputStream() throws IOException {
				connect();
				return new ByteArrayInputStream(bytes);
			}
		};
	}
}
