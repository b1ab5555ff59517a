package org.genlock.shell.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.genlock.itest.support.channel.ChannelFixture.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.genlock.api.backend.VideoBackend;
import org.genlock.itest.support.channel.ChannelFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The genlock:* Gogo commands in a real Gogo runtime against a real channel: listing,
 * status with bundles, live selections, programs, help text, and errors that name the
 * allowed values and fail the command.
 */
@ExtendWith({ BundleContextExtension.class, ServiceExtension.class })
class ShellCommandsTest {

	static final String CH = "sh1";

	@InjectBundleContext
	BundleContext context;

	@InjectService(timeout = 20_000)
	ConfigurationAdmin cm;

	@InjectService(timeout = 20_000)
	CommandProcessor processor;

	ChannelFixture fixture;
	CommandSession session;
	final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@BeforeEach
	void onAir() throws Exception {
		fixture = new ChannelFixture(context, cm, CH).start("720p50", "bars | timecode");
		PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
		session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
		await("genlock commands registered", () -> {
			try {
				return String.valueOf(session.execute("genlock:channels")).contains(CH);
			} catch (Exception e) {
				return false;
			}
		});
	}

	@AfterEach
	void cleanUp() throws Exception {
		session.close();
		fixture.close();
	}

	String run(String command) throws Exception {
		Object result = session.execute(command);
		return result == null ? "" : String.valueOf(result);
	}

	@Test
	void channelsAndStatusShowTheChannelWithItsBundles() throws Exception {
		assertThat(run("genlock:channels")).contains(CH, "ON AIR", "software", "standard", "repeat");
		String status = run("genlock:status " + CH);
		assertThat(status).contains("channel " + CH, "(ON AIR)", "program       bars | timecode",
				"genlock.policy.standard " + fixture.bundle("genlock.policy.standard").getVersion(),
				"genlock.render.software");
		assertThat(run("genlock:providers policy")).contains("lowlatency", "standard", "genlock.policy.lowlatency");
	}

	@Test
	void policyAndProgramCommandsChangeTheChannelLive() throws Exception {
		VideoBackend backend = fixture.backend();
		assertThat(run("genlock:policy " + CH + " lowlatency")).contains("lowlatency selected");
		await("lowlatency bound", () -> "lowlatency".equals(backend.status().policyId()));
		assertThat(run("genlock:program " + CH + " \"bars | timecode(size=2)\""))
				.isEqualTo("channel " + CH + " program set: bars | timecode(size=2)");
		// the channel's service properties follow the configuration a moment later
		await("program shown", () -> {
			try {
				return run("genlock:program " + CH).contains("bars | timecode(size=2)");
			} catch (Exception e) {
				return false;
			}
		});
		assertThat(fixture.configuration().get("program")).isEqualTo("bars | timecode(size=2)");
		assertThat(backend.state()).isIn(ChannelFixture.ON_AIR);
	}

	@Test
	void badCommandsFailWithTheAllowedValuesAndChangeNothing() throws Exception {
		assertThatThrownBy(() -> run("genlock:policy " + CH + " fastest"))
				.hasMessageContaining("unknown policy 'fastest'; registered: lowlatency, standard");
		assertThatThrownBy(() -> run("genlock:strategy nosuch repeat")).hasMessageContaining("unknown channel 'nosuch'");
		assertThatThrownBy(() -> run("genlock:program " + CH + " \"bars | nosuch\""))
				.hasMessageContaining("registered shaders: bars, timecode");
		assertThatThrownBy(() -> run("genlock:providers gizmo")).hasMessageContaining("allowed: device, renderer");
		assertThat(fixture.configuration().get("policy.target")).isEqualTo("(genlock.policy.id=standard)");
		assertThat(fixture.configuration().get("program")).isEqualTo("bars | timecode");
	}

	@Test
	void offairAndOnairActOnTheChannelWhileStartAndStopStayTheBundleCommands() throws Exception {
		VideoBackend backend = fixture.backend();
		assertThat(run("genlock:offair " + CH)).contains("stop requested");
		await("off air", () -> backend.state() == org.genlock.api.backend.BackendState.STOPPED);
		assertThat(run("genlock:onair " + CH)).contains("start requested");
		await("on air", () -> ChannelFixture.ON_AIR.contains(backend.state()));
		// an operator's unscoped "stop <id>" must still stop a bundle, not look for a channel
		org.osgi.framework.Bundle black = fixture.bundle("genlock.underrun.black");
		run("stop " + black.getBundleId());
		assertThat(black.getState()).isEqualTo(org.osgi.framework.Bundle.RESOLVED);
		run("start " + black.getBundleId());
		assertThat(black.getState()).isEqualTo(org.osgi.framework.Bundle.ACTIVE);
	}

	@Test
	void helpDescribesTheCommands() throws Exception {
		out.reset();
		String help = run("help genlock:policy") + out.toString(StandardCharsets.UTF_8);
		assertThat(help).contains("selects the channel's playout policy", "channel id");
	}
}
