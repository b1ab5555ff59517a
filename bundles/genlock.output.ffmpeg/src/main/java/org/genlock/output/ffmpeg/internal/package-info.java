package org.genlock.output.ffmpeg.internal;
