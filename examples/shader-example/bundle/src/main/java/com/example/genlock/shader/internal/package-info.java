/** The example checkerboard shader; private, nothing is exported. */
package com.example.genlock.shader.internal;
