package org.genlock.underrun.slate.internal;

import java.awt.AWTError;

import org.genlock.api.frame.FrameBuffer;
import org.genlock.api.playout.UnderrunAction;
import org.genlock.api.playout.UnderrunContext;
import org.genlock.api.playout.UnderrunStrategy;
import org.genlock.support.ConfigCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The underrun strategy that tells the viewer something is wrong: every underrun airs a slate
 * card (title and message in a centred box), or black if no slate could be drawn.
 *
 * <h2>When the slate is redrawn</h2> The backend calls {@link #drawSlate} when it binds the
 * strategy and when the channel's format changes. A configuration change reaches it through
 * the service properties: Declarative Services copies the component's configuration
 * properties ({@code title}, {@code message}, the colours) onto the service registration and
 * updates them after {@code @Modified} has returned, so a backend whose reference has an
 * {@code updated} callback sees the change and asks for the slate again. A backend without
 * such a callback shows the new text at its next re-bind or format change. A rejected
 * configuration changes the service properties too; the redraw then shows the previous,
 * still valid, style.
 *
 * <p>The slate is drawn only for {@code BGRA8} channels; for other pixel formats
 * {@link #drawSlate} returns {@code false} and the backend airs black instead.
 */
@Component(service = UnderrunStrategy.class, immediate = true, configurationPid = SlateStrategy.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL,
		property = SlateStrategy.ID_PROPERTY + "=" + SlateStrategy.ID)
@Designate(ocd = SlateStrategy.Config.class)
public class SlateStrategy implements UnderrunStrategy {

	/** The configuration PID, the bundle symbolic name. */
	static final String PID = "genlock.underrun.slate";
	/** The strategy id, in telemetry and in {@code strategy.target} filters. */
	static final String ID = "slate";
	/** The service property channels select a strategy by. */
	static final String ID_PROPERTY = "genlock.strategy.id";

	@ObjectClassDefinition(name = "Genlock underrun strategy: slate",
			description = "Airs a slate card whenever no fresh frame is ready. Changes are redrawn when the backend "
					+ "sees the updated service properties.")
	@interface Config {
		@AttributeDefinition(name = "Title", description = "The large line, 1 to 80 characters")
		String title() default SlateStyle.DEFAULT_TITLE;

		@AttributeDefinition(name = "Message", required = false,
				description = "The line below the title, up to 200 characters; empty for none")
		String message() default SlateStyle.DEFAULT_MESSAGE;

		@AttributeDefinition(name = "Background colour", description = "#RRGGBB")
		String backgroundColor() default SlateStyle.DEFAULT_BACKGROUND;

		@AttributeDefinition(name = "Box colour", description = "#RRGGBB")
		String boxColor() default SlateStyle.DEFAULT_BOX;

		@AttributeDefinition(name = "Text colour", description = "#RRGGBB, also the box outline")
		String textColor() default SlateStyle.DEFAULT_TEXT;
	}

	private static final Logger LOG = LoggerFactory.getLogger(SlateStrategy.class);

	private volatile SlateStyle style = SlateStyle.DEFAULTS;

	@Activate
	@Modified
	void configure(Config config) {
		style = ConfigCheck.orPrevious(() -> SlateStyle.of(ConfigCheck.of(PID), config.title(), config.message(),
				config.backgroundColor(), config.boxColor(), config.textColor()), style, LOG::error);
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public UnderrunAction onUnderrun(UnderrunContext context) {
		return context.slateAvailable() ? UnderrunAction.SLATE : UnderrunAction.BLACK;
	}

	@Override
	public boolean drawSlate(FrameBuffer target) {
		SlateStyle current = style;
		try {
			boolean drawn = SlatePainter.paint(current, target);
			if (!drawn) {
				LOG.warn("The slate is drawn for BGRA8 only, not {} ({}); SLATE airs as black",
						target.format().pixelFormat(), target.format().name());
			}
			return drawn;
		} catch (RuntimeException | AWTError | LinkageError | InternalError | OutOfMemoryError e) {
			// AWT reports missing fonts or native libraries as errors and a UHD image can exhaust the heap;
			// either way the slate is optional and black is the safe answer
			LOG.error("Cannot draw the slate for {}: {}; SLATE airs as black", target.format().name(), e.toString());
			return false;
		}
	}

	SlateStyle style() {
		return style;
	}
}
