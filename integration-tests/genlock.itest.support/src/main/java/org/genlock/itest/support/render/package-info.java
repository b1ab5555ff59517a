/** Frames, requests and expected-pixel arithmetic for driving a renderer or shader as a backend does. */
package org.genlock.itest.support.render;
