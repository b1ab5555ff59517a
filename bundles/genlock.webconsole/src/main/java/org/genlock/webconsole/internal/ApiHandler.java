package org.genlock.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.genlock.api.control.ChannelControl;
import org.genlock.api.control.ChannelView;
import org.genlock.api.control.ControlException;
import org.genlock.api.control.ProviderKind;
import org.genlock.api.deploy.BundleDeployment;

/**
 * The HTTP API's routes, independent of the servlet API so that the console plugin (under
 * {@code /system/console/genlock/api/}) and the API servlet (under {@code /genlock/api/})
 * answer identically and unit tests can drive it.
 *
 * <pre>
 * GET  channels                       the channels in short
 * GET  channels/{id}                  one channel in full, with its taps and audio meters
 * PUT  channels/{id}/device|renderer|policy|strategy   {"id": "lowlatency"}
 * PUT  channels/{id}/program          {"program": "bars | timecode(size=1.5)@0.8"}
 * POST channels/{id}/start|stop
 * GET  channels/{id}/preview.jpg      ?width=1..1920&amp;height=1..1080 (default 320x180), shared ({@link PreviewCache})
 * GET  providers                      every kind; providers/{kind} one kind
 * GET  bundles                        Genlock and deployed bundles: version, source, kept versions ({@link BundleRoutes})
 * GET  bundles/{bsn}                  one of them
 * POST bundles/{bsn}/rollback|update  back to the previous version, or to the newest known one, live
 * </pre>
 *
 * Changes need {@code Content-Type: application/json} (a cross-site HTML form cannot send
 * it). Cross-site requests are refused for the whole HTTP server before they get here
 * (genlock.security's request guard checks Origin and Referer). Every error is JSON
 * {@code {"status", "error", "allowed"?}}; nothing changes on an error.
 */
final class ApiHandler {

	/** Largest request body accepted. */
	static final int MAX_BODY = 64 * 1024;
	static final String JSON = "application/json; charset=utf-8";
	private static final String ROUTES = "GET channels, GET channels/{id}, PUT channels/{id}/"
			+ "device|renderer|policy|strategy|program, POST channels/{id}/start|stop, GET channels/{id}/preview.jpg, "
			+ "GET channels/{id}/health, GET providers, GET providers/{kind}, GET bundles, GET bundles/{bsn}, "
			+ "POST bundles/{bsn}/rollback|update, GET health, GET health/{id}, GET health/{id}/series?seconds=N";

	/** One HTTP request, reduced to what the routes need. */
	record Request(String method, String path, Map<String, String> query, String contentType, byte[] body) {}

	/** One HTTP answer. */
	record Answer(int status, String contentType, byte[] body, String allow) {

		static Answer json(int status, JsonNode node) {
			return new Answer(status, JSON, node.toString().getBytes(StandardCharsets.UTF_8), null);
		}

		static Answer error(int status, String message, List<String> allowed) {
			return json(status, ViewJson.error(status, message, allowed));
		}

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	/** Largest preview, as the channels allow it. */
	static final int MAX_PREVIEW_WIDTH = 1920;
	static final int MAX_PREVIEW_HEIGHT = 1080;

	private final ChannelControl control;
	private final PreviewCache previews;
	private final BundleRoutes bundles;
	private final Backends backends;

	/** The channel of a {@code /channels/{id}/health} path, or null for any other path. */
	static String healthChannel(String path) {
		String[] p = segments(path);
		return p.length == 3 && p[0].equals("channels") && p[2].equals("health") ? p[1] : null;
	}

	/** Whether the path is one of the telemetry bundle's own routes: {@code /health} and below. */
	static boolean healthRoute(String path) {
		String[] p = segments(path);
		return p.length >= 1 && p[0].equals("health");
	}

	ApiHandler(ChannelControl control, PreviewCache previews) {
		this(control, previews, () -> null, Backends.NONE);
	}

	ApiHandler(ChannelControl control, PreviewCache previews, Supplier<BundleDeployment> deployment) {
		this(control, previews, deployment, Backends.NONE);
	}

	ApiHandler(ChannelControl control, PreviewCache previews, Supplier<BundleDeployment> deployment,
			Backends backends) {
		this.control = control;
		this.previews = previews;
		this.bundles = new BundleRoutes(deployment);
		this.backends = backends;
	}

	Answer handle(Request r) {
		String[] p = segments(r.path());
		if (healthChannel(r.path()) != null) {
			return Answer.error(404, "channel health is served by the genlock.telemetry bundle at "
					+ "/genlock/api/channels/" + p[1] + "/health and /genlock/api/health/" + p[1], List.of());
		}
		try {
			if (p.length >= 1 && p[0].equals("channels")) {
				return channels(r, p);
			}
			if (p.length >= 1 && p[0].equals("providers")) {
				return providers(r, p);
			}
			if (p.length >= 1 && p[0].equals("bundles")) {
				return bundles.handle(r, p);
			}
			return Answer.error(404, "no such resource '" + r.path() + "'; routes: " + ROUTES, List.of());
		} catch (ControlException e) {
			return Answer.error(ViewJson.status(e), e.getMessage(), e.allowed());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Answer.error(503, "interrupted while waiting for the channel", List.of());
		}
	}

	private Answer channels(Request r, String[] p) throws ControlException, InterruptedException {
		if (p.length == 1) {
			Answer a = only(r, "GET");
			if (a != null) {
				return a;
			}
			ArrayNode list = ViewJson.MAPPER.createArrayNode();
			for (String id : control.channelIds()) {
				try {
					list.add(ViewJson.summary(control.channel(id).status()));
				} catch (ControlException gone) {
					// removed between listing and reading: leave it out
				}
			}
			return Answer.json(200, list);
		}
		String id = p[1];
		if (p.length == 2) {
			Answer a = only(r, "GET");
			if (a != null) {
				return a;
			}
			ChannelView view = control.channel(id); // an unknown channel is a 404 before anything else
			return Answer.json(200, ViewJson.channel(view, backends.taps(id), backends.audio(id)));
		}
		if (p.length == 3) {
			String action = p[2];
			switch (action) {
				case "start", "stop" -> {
					Answer a = change(r, "POST");
					if (a != null) {
						return a;
					}
					if (action.equals("start")) {
						control.start(id);
					} else {
						control.stop(id);
					}
					ObjectNode o = ViewJson.MAPPER.createObjectNode();
					o.put("channel", id);
					o.put("requested", action);
					return Answer.json(202, o);
				}
				case "program" -> {
					Answer a = change(r, "PUT");
					if (a != null) {
						return a;
					}
					JsonNode body = body(r);
					JsonNode program = body == null ? null : body.get("program");
					if (program == null || !program.isTextual()) {
						return Answer.error(400, "expected a JSON object {\"program\": \"<layers>\"}, e.g. "
								+ "{\"program\": \"bars | timecode(size=1.5)@0.8\"}", List.of());
					}
					String text = control.program(id, program.asText());
					ObjectNode o = ViewJson.MAPPER.createObjectNode();
					o.put("channel", id);
					o.put("program", text);
					return Answer.json(200, o);
				}
				case "preview.jpg" -> {
					Answer a = only(r, "GET");
					return a != null ? a : preview(r, id);
				}
				default -> {
					ProviderKind kind = selectable(action);
					if (kind == null) {
						control.channel(id); // an unknown channel is the first thing to report
						return Answer.error(404, "no such resource '" + r.path() + "'; routes: " + ROUTES, List.of());
					}
					Answer a = change(r, "PUT");
					if (a != null) {
						return a;
					}
					JsonNode body = body(r);
					JsonNode chosen = body == null ? null : body.get("id");
					if (chosen == null || !chosen.isTextual()) {
						return Answer.error(400, "expected a JSON object {\"id\": \"<" + kind.label() + " id>\"}, e.g. "
								+ "{\"id\": \"" + example(kind) + "\"}", control.providers(kind).stream()
										.map(v -> v.id()).distinct().toList());
					}
					control.select(id, kind, chosen.asText());
					ObjectNode o = ViewJson.MAPPER.createObjectNode();
					o.put("channel", id);
					o.put(kind.label(), chosen.asText());
					o.put("applies", "at the next frame boundary");
					return Answer.json(200, o);
				}
			}
		}
		return Answer.error(404, "no such resource '" + r.path() + "'; routes: " + ROUTES, List.of());
	}

	private static String example(ProviderKind kind) {
		return switch (kind) {
			case DEVICE -> "clock";
			case RENDERER -> "software";
			case POLICY -> "lowlatency";
			default -> "repeat";
		};
	}

	private static ProviderKind selectable(String label) {
		for (ProviderKind k : ProviderKind.values()) {
			if (k.selectable() && k.label().equals(label)) {
				return k;
			}
		}
		return null;
	}

	private Answer providers(Request r, String[] p) {
		Answer a = only(r, "GET");
		if (a != null) {
			return a;
		}
		if (p.length == 1) {
			ObjectNode all = ViewJson.MAPPER.createObjectNode();
			for (ProviderKind k : ProviderKind.values()) {
				all.set(k.label(), ViewJson.providers(control.providers(k)));
			}
			return Answer.json(200, all);
		}
		if (p.length == 2) {
			try {
				return Answer.json(200, ViewJson.providers(control.providers(ProviderKind.ofLabel(p[1]))));
			} catch (IllegalArgumentException e) {
				return Answer.error(404, e.getMessage(), List.of("device", "renderer", "policy", "strategy", "shader"));
			}
		}
		return Answer.error(404, "no such resource '" + r.path() + "'; routes: " + ROUTES, List.of());
	}

	private Answer preview(Request r, String id) throws ControlException, InterruptedException {
		int width;
		int height;
		try {
			width = Integer.parseInt(r.query().getOrDefault("width", "320"));
			height = Integer.parseInt(r.query().getOrDefault("height", "180"));
		} catch (NumberFormatException e) {
			width = -1;
			height = -1;
		}
		if (width < 1 || width > MAX_PREVIEW_WIDTH || height < 1 || height > MAX_PREVIEW_HEIGHT) {
			control.channel(id); // an unknown channel is the first thing to report
			return Answer.error(400, "preview width and height must be integers; allowed 1.." + MAX_PREVIEW_WIDTH
					+ " x 1.." + MAX_PREVIEW_HEIGHT + " (was " + r.query().getOrDefault("width", "320") + " x "
					+ r.query().getOrDefault("height", "180") + ")", List.of());
		}
		Optional<byte[]> jpeg = previews.jpeg(id, width, height);
		if (jpeg.isEmpty()) {
			return Answer.error(409, "channel " + id + " is not on air; no preview", List.of());
		}
		return new Answer(200, "image/jpeg", jpeg.get(), null);
	}

	/** A 405 unless the method is the one allowed. */
	static Answer only(Request r, String method) {
		if (method.equals(r.method()) || ("GET".equals(method) && "HEAD".equals(r.method()))) {
			return null;
		}
		return new Answer(405, JSON, ViewJson.error(405, "method " + r.method() + " not allowed on '" + r.path()
				+ "'; allowed: " + method, List.of(method)).toString().getBytes(StandardCharsets.UTF_8), method);
	}

	/** Checks a change request: method and JSON content type. */
	static Answer change(Request r, String method) {
		Answer a = only(r, method);
		if (a != null) {
			return a;
		}
		String type = r.contentType() == null ? "" : r.contentType().toLowerCase(Locale.ROOT);
		if (!type.startsWith("application/json")) {
			return Answer.error(415, "changes need Content-Type: application/json (was '"
					+ (r.contentType() == null ? "none" : r.contentType()) + "')", List.of("application/json"));
		}
		return null;
	}

	/** The body as JSON; null for an empty body; a 400 with the parser's message for bad JSON. */
	private static JsonNode body(Request r) throws ControlException {
		if (r.body() == null || r.body().length == 0) {
			return null;
		}
		try {
			return ViewJson.MAPPER.readTree(r.body());
		} catch (JsonProcessingException e) {
			String at = e.getLocation() == null ? ""
					: " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
			throw new ControlException(ControlException.Reason.INVALID, "malformed JSON: " + e.getOriginalMessage() + at);
		} catch (IOException e) {
			throw new ControlException(ControlException.Reason.INVALID, "unreadable request body: " + e.getMessage());
		}
	}

	static String[] segments(String path) {
		String s = path == null ? "" : path;
		while (s.startsWith("/")) {
			s = s.substring(1);
		}
		while (s.endsWith("/")) {
			s = s.substring(0, s.length() - 1);
		}
		return s.isEmpty() ? new String[0] : s.split("/");
	}
}
