/**
 * The video model shared by every Genlock bundle: frame rates as exact {@link
 * org.genlock.api.video.Rational rationals}, {@link org.genlock.api.video.VideoFormat video
 * formats} with their memory layout, exact display-index/time arithmetic ({@link
 * org.genlock.api.video.FrameTime}) and SMPTE 12M {@link org.genlock.api.video.Timecode
 * timecode}.
 *
 * <p>Everything here is an immutable value or an enum with pure static helpers; nothing
 * holds state and nothing blocks. Records validate their components on construction and
 * throw {@link java.lang.IllegalArgumentException} with a message that names the field, the
 * rejected value and the allowed range, because these messages reach users whose
 * configuration is wrong.
 */
@Export
@Version("1.1.0")
package org.genlock.api.video;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
