/** Audio files read back with the real ffprobe and ffmpeg, for itests. */
package org.genlock.itest.support.audio;
