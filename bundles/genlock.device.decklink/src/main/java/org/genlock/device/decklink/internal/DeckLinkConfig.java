package org.genlock.device.decklink.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype description of {@code genlock.device.decklink}. The component reads the raw
 * properties itself ({@link DeckLinkSettings#parse}) so a bad value is reported with its key.
 */
@ObjectClassDefinition(id = DeckLinkSettings.PID, name = "Genlock DeckLink device",
		description = "SDI output on Blackmagic DeckLink cards through the Desktop Video driver (DeckLink SDK 12.2 ABI).")
@interface DeckLinkConfig {

	@AttributeDefinition(name = "Driver library", description = "libDeckLinkAPI.so (searched the usual way) or "
			+ "an absolute path; read when the bundle starts.")
	String library_path() default DeckLinkSettings.DEFAULT_LIBRARY;

	@AttributeDefinition(name = "Max buffered frames", min = "2", max = "256", type = AttributeType.INTEGER)
	int maxBufferedFrames() default 16;
}
